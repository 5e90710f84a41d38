//! Exits with the status given as its argument, after writing to stdout and stderr.
fn main() {
    let status: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    println!("exiting with {status}");
    eprintln!("on stderr");
    std::process::exit(status);
}
