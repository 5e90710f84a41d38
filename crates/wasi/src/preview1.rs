//! The 46 functions of `wasi_snapshot_preview1` as polymem host functions.
//!
//! [`functions!`] lists each function once with its core WebAssembly signature (from the
//! `.witx`: pointers, sizes, fds and flags are `i32`; file sizes, offsets, timestamps, rights
//! and directory cookies are `i64`; a string or array is a pointer and a length; every result
//! the function returns goes through an out-pointer, and the return value is the `errno`).
//! For each it defines a closure that calls wiggle's generated function of the same name.

use crate::MODULE;
use polymem::{Caller, Error, Extern, Linker, Memory};
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use wasi_common::I32Exit;
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as generated;
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1::WasiSnapshotPreview1;
use wiggle::GuestMemory;

/// The guest memory named `name` among the calling instance's exports.
fn guest_memory<T>(caller: &Caller<'_, T>, name: &str, function: &str) -> Result<Memory, Error> {
    match caller.get_export(name) {
        Some(Extern::Memory(memory)) => Ok(memory),
        Some(_) => Err(Error::host(format!(
            "{MODULE}.{function}: the export `{name}` that WASI uses as guest memory is not a memory"
        ))),
        None => Err(Error::host(format!(
            "{MODULE}.{function}: the calling module exports no memory named `{name}` for WASI"
        ))),
    }
}

/// Runs a generated call to completion. The `sync` implementation never waits (blocking I/O
/// happens inside the poll), so one poll finishes it; a pending future would be a bug there and
/// becomes an error rather than a hang.
fn finish<R>(
    function: &str,
    call: impl Future<Output = Result<R, wiggle::error::Error>>,
) -> Result<R, Error> {
    let mut call = std::pin::pin!(call);
    let mut context = Context::from_waker(Waker::noop());
    match call.as_mut().poll(&mut context) {
        Poll::Ready(Ok(value)) => Ok(value),
        Poll::Ready(Err(error)) => match error.downcast_ref::<I32Exit>() {
            Some(&I32Exit(status)) => Err(Error::exit(status)),
            None => Err(Error::host(format!("{MODULE}.{function}: {error}"))),
        },
        Poll::Pending => Err(Error::host(format!(
            "{MODULE}.{function}: the WASI implementation returned a pending call"
        ))),
    }
}

/// Expands the list of functions into [`define`].
macro_rules! functions {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        /// Defines every function in `linker`, using the export `memory` as guest memory.
        pub(crate) fn define<T, U>(
            linker: &mut Linker<T>,
            memory: Arc<str>,
            get_ctx: impl Fn(&mut T) -> &mut U + Send + Sync + Copy + 'static,
        ) -> Result<(), Error>
        where
            T: 'static,
            U: WasiSnapshotPreview1 + 'static,
        {
            $(
                let export = Arc::clone(&memory);
                linker.func_wrap(
                    MODULE,
                    stringify!($name),
                    move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> Result<$ret, Error> {
                        let function = stringify!($name);
                        let guest = guest_memory(&caller, &export, function)?;
                        let (bytes, data) = guest.data_and_store_mut(&mut caller);
                        let mut bytes = GuestMemory::Unshared(bytes);
                        finish(function, generated::$name(get_ctx(data), &mut bytes, $($arg),*))
                    },
                )?;
            )*
            Ok(())
        }
    };
}

functions! {
    args_get(argv: i32, argv_buf: i32) -> i32;
    args_sizes_get(count: i32, size: i32) -> i32;
    environ_get(environ: i32, environ_buf: i32) -> i32;
    environ_sizes_get(count: i32, size: i32) -> i32;
    clock_res_get(id: i32, out: i32) -> i32;
    clock_time_get(id: i32, precision: i64, out: i32) -> i32;
    fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
    fd_allocate(fd: i32, offset: i64, len: i64) -> i32;
    fd_close(fd: i32) -> i32;
    fd_datasync(fd: i32) -> i32;
    fd_fdstat_get(fd: i32, out: i32) -> i32;
    fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
    fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> i32;
    fd_filestat_get(fd: i32, out: i32) -> i32;
    fd_filestat_set_size(fd: i32, size: i64) -> i32;
    fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32) -> i32;
    fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, out: i32) -> i32;
    fd_prestat_get(fd: i32, out: i32) -> i32;
    fd_prestat_dir_name(fd: i32, path: i32, path_len: i32) -> i32;
    fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, out: i32) -> i32;
    fd_read(fd: i32, iovs: i32, iovs_len: i32, out: i32) -> i32;
    fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, out: i32) -> i32;
    fd_renumber(fd: i32, to: i32) -> i32;
    fd_seek(fd: i32, offset: i64, whence: i32, out: i32) -> i32;
    fd_sync(fd: i32) -> i32;
    fd_tell(fd: i32, out: i32) -> i32;
    fd_write(fd: i32, iovs: i32, iovs_len: i32, out: i32) -> i32;
    path_create_directory(fd: i32, path: i32, path_len: i32) -> i32;
    path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, out: i32) -> i32;
    path_filestat_set_times(
        fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst_flags: i32
    ) -> i32;
    path_link(
        old_fd: i32, old_flags: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32,
        new_len: i32
    ) -> i32;
    path_open(
        fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, base: i64,
        inheriting: i64, fdflags: i32, out: i32
    ) -> i32;
    path_readlink(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, out: i32) -> i32;
    path_remove_directory(fd: i32, path: i32, path_len: i32) -> i32;
    path_rename(fd: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32, new_len: i32)
        -> i32;
    path_symlink(old_path: i32, old_len: i32, fd: i32, new_path: i32, new_len: i32) -> i32;
    path_unlink_file(fd: i32, path: i32, path_len: i32) -> i32;
    poll_oneoff(subscriptions: i32, events: i32, count: i32, out: i32) -> i32;
    proc_exit(status: i32) -> ();
    proc_raise(signal: i32) -> i32;
    sched_yield() -> i32;
    random_get(buf: i32, buf_len: i32) -> i32;
    sock_accept(fd: i32, flags: i32, out: i32) -> i32;
    sock_recv(fd: i32, iovs: i32, iovs_len: i32, flags: i32, out: i32, out_flags: i32) -> i32;
    sock_send(fd: i32, iovs: i32, iovs_len: i32, flags: i32, out: i32) -> i32;
    sock_shutdown(fd: i32, how: i32) -> i32;
}
