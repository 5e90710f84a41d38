//! Panics (a trap: `panic = abort` ends in `unreachable` on wasm32-wasip1).
fn main() {
    println!("before the panic");
    let numbers: Vec<u32> = std::env::args().skip(1).map(|a| a.parse().unwrap_or(0)).collect();
    deep(&numbers);
}

#[inline(never)]
fn deep(numbers: &[u32]) {
    if numbers.iter().sum::<u32>() < 100 {
        panic!("the sum is too small: {}", numbers.iter().sum::<u32>());
    }
}
