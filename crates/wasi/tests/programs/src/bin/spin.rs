//! Prints a line, then never ends: for `--fuel` and `--timeout`.
fn main() {
    println!("spinning");
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
