//! Positioned I/O and symbolic links in a preopened directory (its guest path is the argument):
//! `fd_seek` (through `std`), `fd_tell`, `fd_pread`, `fd_pwrite` and `path_symlink` (called
//! directly: their `std` wrappers are unstable), `path_readlink` (through `std::fs::read_link`).
use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::os::fd::AsRawFd as _;

/// A WASI preview-1 buffer descriptor (`iovec` and `ciovec` have this one layout).
#[repr(C)]
struct IoVec {
    buf: *mut u8,
    len: usize,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn fd_tell(fd: i32, offset: *mut u64) -> u16;
    fn fd_pread(fd: i32, iovs: *const IoVec, iovs_len: usize, offset: u64, nread: *mut usize)
    -> u16;
    fn fd_pwrite(
        fd: i32,
        iovs: *const IoVec,
        iovs_len: usize,
        offset: u64,
        nwritten: *mut usize,
    ) -> u16;
    fn path_symlink(old: *const u8, old_len: usize, fd: i32, new: *const u8, new_len: usize)
    -> u16;
}

fn tell(file: &File) -> u64 {
    let mut offset = 0;
    // SAFETY: `offset` is a live u64 the call writes.
    let errno = unsafe { fd_tell(file.as_raw_fd(), &mut offset) };
    assert_eq!(errno, 0, "fd_tell");
    offset
}

fn pread(file: &File, len: usize, offset: u64) -> String {
    let mut buf = vec![0u8; len];
    let iov = IoVec { buf: buf.as_mut_ptr(), len };
    let mut read = 0;
    // SAFETY: `iov` describes `buf`, alive for the call; `read` is written by it.
    let errno = unsafe { fd_pread(file.as_raw_fd(), &iov, 1, offset, &mut read) };
    assert_eq!(errno, 0, "fd_pread");
    String::from_utf8_lossy(&buf[..read]).into_owned()
}

fn pwrite(file: &File, text: &str, offset: u64) -> usize {
    let iov = IoVec { buf: text.as_ptr().cast_mut(), len: text.len() };
    let mut written = 0;
    // SAFETY: `iov` describes `text` (only read by the call); `written` is written by it.
    let errno = unsafe { fd_pwrite(file.as_raw_fd(), &iov, 1, offset, &mut written) };
    assert_eq!(errno, 0, "fd_pwrite");
    written
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: seek_links GUEST_DIR");
    let path = format!("{dir}/data.txt");
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path).unwrap();
    file.write_all(b"hello wasi world").unwrap();
    println!("tell after writing: {}", tell(&file));
    let at = file.seek(SeekFrom::Start(6)).unwrap();
    let mut word = [0u8; 4];
    file.read_exact(&mut word).unwrap();
    println!("seek to {at}, read {:?}, tell {}", String::from_utf8_lossy(&word), tell(&file));
    let end = file.seek(SeekFrom::End(-5)).unwrap();
    println!("seek from the end: {end}");

    // Positioned reads and writes leave the cursor where it was.
    println!("pwrite {} bytes at 0", pwrite(&file, "HELLO", 0));
    println!("pread at 11: {:?}", pread(&file, 5, 11));
    println!("pread at 0: {:?}, tell {}", pread(&file, 10, 0), tell(&file));
    drop(file);
    println!("contents: {:?}", fs::read_to_string(&path).unwrap());

    let dir_file = File::open(&dir).unwrap();
    let (target, link) = ("data.txt", "link.txt");
    // SAFETY: both strings outlive the call, which only reads them.
    let errno = unsafe {
        path_symlink(target.as_ptr(), target.len(), dir_file.as_raw_fd(), link.as_ptr(), link.len())
    };
    println!("path_symlink: errno {errno}");
    println!("read_link: {:?}", fs::read_link(format!("{dir}/{link}")).unwrap());
    println!("through the link: {:?}", fs::read_to_string(format!("{dir}/{link}")).unwrap());
    // A link that points out of the directory is not followed.
    let escape = "../outside.txt";
    // SAFETY: as above.
    let errno = unsafe {
        path_symlink(escape.as_ptr(), escape.len(), dir_file.as_raw_fd(), b"out".as_ptr(), 3)
    };
    let followed = fs::read_to_string(format!("{dir}/out"));
    println!("escaping link: errno {errno}, read: {:?}", followed.map_err(|e| e.kind()));
}
