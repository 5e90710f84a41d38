//! The smallest program: a line on stdout.
fn main() {
    println!("Hello, world!");
}
