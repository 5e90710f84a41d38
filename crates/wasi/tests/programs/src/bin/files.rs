//! Files in a preopened directory: reads `input.txt`, writes `output.txt` (the input upper-cased),
//! creates a directory and lists it, then tries to reach outside the preopened directory, which
//! must fail. Takes the guest path of the directory as its argument.
use std::fs;
use std::io::Write as _;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: files GUEST_DIR");
    let input = fs::read_to_string(format!("{dir}/input.txt")).expect("read input.txt");
    println!("read {} bytes", input.len());

    let mut output = fs::File::create(format!("{dir}/output.txt")).expect("create output.txt");
    output.write_all(input.to_uppercase().as_bytes()).expect("write output.txt");
    drop(output);
    let size = fs::metadata(format!("{dir}/output.txt")).expect("stat output.txt").len();
    println!("wrote {size} bytes");

    fs::create_dir_all(format!("{dir}/sub/deeper")).expect("create sub/deeper");
    fs::write(format!("{dir}/sub/deeper/note"), b"x").expect("write sub/deeper/note");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("read_dir")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    println!("entries: {}", names.join(" "));
    fs::rename(format!("{dir}/sub/deeper/note"), format!("{dir}/sub/note")).expect("rename");
    fs::remove_file(format!("{dir}/sub/note")).expect("remove note");
    fs::remove_dir(format!("{dir}/sub/deeper")).expect("remove deeper");

    for outside in [format!("{dir}/../outside.txt"), "/etc/passwd".to_string()] {
        match fs::read(&outside) {
            Ok(bytes) => println!("ESCAPED: read {} bytes of {outside}", bytes.len()),
            Err(e) => println!("refused {outside}: {:?}", e.kind()),
        }
    }
    match fs::write(format!("{dir}/../created-outside.txt"), b"x") {
        Ok(()) => println!("ESCAPED: created a file outside"),
        Err(e) => println!("refused to create outside: {:?}", e.kind()),
    }
}
