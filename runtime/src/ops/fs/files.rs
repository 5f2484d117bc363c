//! The filesystem calls, each as a sync and an async op (`fs_op!`).

use super::*;

// ---------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------

fn ms(secs: i64, nsecs: i64) -> f64 {
    secs as f64 * 1000.0 + nsecs as f64 / 1_000_000.0
}

fn stats_of(meta: &std::fs::Metadata) -> [f64; 14] {
    let birth = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(|| ms(meta.ctime(), meta.ctime_nsec()), |d| d.as_secs_f64() * 1000.0);
    [
        meta.dev() as f64,
        f64::from(meta.mode()),
        meta.nlink() as f64,
        f64::from(meta.uid()),
        f64::from(meta.gid()),
        meta.rdev() as f64,
        meta.blksize() as f64,
        meta.ino() as f64,
        meta.size() as f64,
        meta.blocks() as f64,
        ms(meta.atime(), meta.atime_nsec()),
        ms(meta.mtime(), meta.mtime_nsec()),
        ms(meta.ctime(), meta.ctime_nsec()),
        birth,
    ]
}

fn dirent_type(kind: std::fs::FileType) -> u8 {
    if kind.is_file() {
        1
    } else if kind.is_dir() {
        2
    } else if kind.is_symlink() {
        3
    } else if kind.is_fifo() {
        4
    } else if kind.is_socket() {
        5
    } else if kind.is_char_device() {
        6
    } else if kind.is_block_device() {
        7
    } else {
        0
    }
}

/// A file to read or write: a path, or an fd the caller owns.
enum Target {
    Path(PathBuf),
    Fd(i32),
}

fn target_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Target> {
    if value.is_number() {
        return Some(Target::Fd(value.int32_value(scope).unwrap_or(-1)));
    }
    path_arg(scope, value).map(Target::Path)
}

/// A `File` over an fd that must stay open afterwards.
fn borrowed_file(fd: i32) -> std::mem::ManuallyDrop<std::fs::File> {
    // SAFETY: the fd is the caller's; ManuallyDrop keeps it open.
    std::mem::ManuallyDrop::new(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) })
}

fn open_fd(path: &Path, flags: i32, mode: u32) -> Result<i32, FsError> {
    let c = c_path(path, "open")?;
    // SAFETY: a NUL-terminated path; the returned fd is owned by the caller.
    let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode as libc::c_uint) };
    if fd < 0 { Err(fail("open", path)(last_error())) } else { Ok(fd) }
}

fn close_fd(fd: i32) {
    // SAFETY: closing an fd this module opened.
    unsafe { libc::close(fd) };
}

fs_op!(
    /// `(path, mode)`: checks access (`fs.constants.F_OK` … `X_OK`).
    op_fs_access_sync, op_fs_access_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let mode = int_arg(scope, args.get(1), 0) as i32;
        path.map(|path| -> Job {
            Box::new(move || {
                let c = c_path(&path, "access")?;
                // SAFETY: a NUL-terminated path.
                if unsafe { libc::access(c.as_ptr(), mode) } == 0 {
                    Ok(Out::Undefined)
                } else {
                    Err(fail("access", &path)(last_error()))
                }
            })
        })
    }
);

fs_op!(
    /// `(path, followSymlinks, throwIfMissing)`: the stats array, or
    /// undefined for a missing file when `throwIfMissing` is false.
    op_fs_stat_sync, op_fs_stat_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let follow = args.get(1).is_true();
        let throw_if_missing = !args.get(2).is_false();
        path.map(|path| -> Job {
            Box::new(move || {
                let meta = if follow { std::fs::metadata(&path) } else { std::fs::symlink_metadata(&path) };
                match meta {
                    Ok(meta) => Ok(Out::Stats(stats_of(&meta))),
                    Err(e) if !throw_if_missing && e.kind() == std::io::ErrorKind::NotFound => Ok(Out::Undefined),
                    Err(e) => Err(fail(if follow { "stat" } else { "lstat" }, &path)(e)),
                }
            })
        })
    }
);

fs_op!(
    /// `(fd)`: the stats array of an open file.
    op_fs_fstat_sync, op_fs_fstat_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        Some(Box::new(move || borrowed_file(fd).metadata().map(|m| Out::Stats(stats_of(&m))).map_err(fail_fd("fstat"))))
    }
);

fs_op!(
    /// `(path, flags, mode)`: an fd.
    op_fs_open_sync, op_fs_open_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let flags = int_arg(scope, args.get(1), i64::from(libc::O_RDONLY)) as i32;
        let mode = int_arg(scope, args.get(2), 0o666) as u32;
        path.map(|path| -> Job { Box::new(move || open_fd(&path, flags, mode).map(|fd| Out::Number(f64::from(fd)))) })
    }
);

fs_op!(
    /// `(fd)`.
    op_fs_close_sync, op_fs_close_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        Some(Box::new(move || {
            // SAFETY: closing the fd the caller names.
            if unsafe { libc::close(fd) } == 0 { Ok(Out::Undefined) } else { Err(fail_fd("close")(last_error())) }
        }))
    }
);

fs_op!(
    /// `(pathOrFd, flags)`: the whole file as a Uint8Array.
    op_fs_read_file_sync, op_fs_read_file_async, |scope, args| {
        let target = target_arg(scope, args.get(0));
        let flags = int_arg(scope, args.get(1), i64::from(libc::O_RDONLY)) as i32;
        target.map(|target| -> Job {
            Box::new(move || {
                let (fd, owned, path) = match target {
                    Target::Fd(fd) => (fd, false, None),
                    Target::Path(p) => (open_fd(&p, flags, 0o666)?, true, Some(p)),
                };
                let mut data = Vec::new();
                let result = borrowed_file(fd).read_to_end(&mut data);
                if owned {
                    close_fd(fd);
                }
                result.map(|_| Out::Bytes(data)).map_err(|err| FsError {
                    err,
                    syscall: "read",
                    path: path.map(|p| p.to_string_lossy().into_owned()),
                    dest: None,
                })
            })
        })
    }
);

fs_op!(
    /// `(pathOrFd, data, flags, mode)`: writes all of `data` (a string is
    /// UTF-8).
    op_fs_write_file_sync, op_fs_write_file_async, |scope, args| {
        let target = target_arg(scope, args.get(0));
        let data = data_arg(scope, args.get(1));
        let flags = int_arg(scope, args.get(2), i64::from(libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC)) as i32;
        let mode = int_arg(scope, args.get(3), 0o666) as u32;
        target.map(|target| -> Job {
            Box::new(move || {
                let (fd, owned, path) = match target {
                    Target::Fd(fd) => (fd, false, None),
                    Target::Path(p) => (open_fd(&p, flags, mode)?, true, Some(p)),
                };
                let result = borrowed_file(fd).write_all(&data);
                if owned {
                    close_fd(fd);
                }
                result.map(|_| Out::Undefined).map_err(|err| FsError {
                    err,
                    syscall: "write",
                    path: path.map(|p| p.to_string_lossy().into_owned()),
                    dest: None,
                })
            })
        })
    }
);

fs_op!(
    /// `(fd, data, position)`: writes a string or bytes at `position`
    /// (null: the current offset); returns the bytes written.
    op_fs_write_sync, op_fs_write_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        let data = data_arg(scope, args.get(1));
        let position = int_arg(scope, args.get(2), -1);
        Some(Box::new(move || {
            // SAFETY: writes from a live buffer to the caller's fd.
            let n = unsafe {
                if position >= 0 {
                    libc::pwrite(fd, data.as_ptr().cast(), data.len(), position as libc::off_t)
                } else {
                    libc::write(fd, data.as_ptr().cast(), data.len())
                }
            };
            if n < 0 { Err(fail_fd("write")(last_error())) } else { Ok(Out::Number(n as f64)) }
        }))
    }
);

/// `op_fs_read_sync(fd, buffer, offset, length, position)`: reads into
/// `buffer[offset..offset+length]` at `position` (-1 / null: the current
/// offset); returns the bytes read.
pub(crate) fn op_fs_read_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(1)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"buffer\" argument must be an instance of Buffer, TypedArray, or DataView.",
        );
        return;
    };
    let offset = int_arg(scope, args.get(2), 0).max(0) as usize;
    let length = int_arg(scope, args.get(3), view.byte_length() as i64).max(0) as usize;
    let position = int_arg(scope, args.get(4), -1);
    if offset + length > view.byte_length() {
        crate::ops::throw_error(scope, "ERR_OUT_OF_RANGE", "The value of \"length\" is out of range.");
        return;
    }
    let Some(buffer) = view.buffer(scope) else { return };
    let Some(base) = buffer.data() else {
        rv.set_double(0.0);
        return;
    };
    // SAFETY: the range lies inside the view (checked above), which lies
    // inside its live buffer; nothing else touches it during the call.
    let n = unsafe {
        let dst = base.as_ptr().cast::<u8>().add(view.byte_offset() + offset);
        if position >= 0 {
            libc::pread(fd, dst.cast(), length, position as libc::off_t)
        } else {
            libc::read(fd, dst.cast(), length)
        }
    };
    if n < 0 {
        throw_system_error(scope, &last_error(), "read", None);
    } else {
        rv.set_double(n as f64);
    }
}

/// `op_fs_read_async(fd, length, position, callback)`: reads up to
/// `length` bytes; calls back with a Uint8Array of what was read (the JS
/// layer copies it into the caller's buffer).
pub(crate) fn op_fs_read_async(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(callback) = callback_arg(scope, &args) else { return };
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let length = int_arg(scope, args.get(1), 0).max(0) as usize;
    let position = int_arg(scope, args.get(2), -1);
    let job: Job = Box::new(move || {
        let mut data = vec![0u8; length];
        // SAFETY: reads into a buffer of `length` bytes.
        let n = unsafe {
            if position >= 0 {
                libc::pread(fd, data.as_mut_ptr().cast(), length, position as libc::off_t)
            } else {
                libc::read(fd, data.as_mut_ptr().cast(), length)
            }
        };
        if n < 0 {
            return Err(fail_fd("read")(last_error()));
        }
        data.truncate(n as usize);
        Ok(Out::Bytes(data))
    });
    run_async(scope, &mut rv, callback, job);
}

fs_op!(
    /// `(path, withTypes)`: entry names sorted by bytes, or `[names, types]`.
    op_fs_readdir_sync, op_fs_readdir_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let with_types = args.get(1).is_true();
        path.map(|path| -> Job {
            Box::new(move || {
                let entries = std::fs::read_dir(&path).map_err(fail("scandir", &path))?;
                let mut found = Vec::new();
                for entry in entries {
                    let entry = entry.map_err(fail("scandir", &path))?;
                    let kind = if with_types { entry.file_type().map_or(0, dirent_type) } else { 0 };
                    found.push((entry.file_name(), kind));
                }
                // Sorted by the bytes of the names, as libuv's scandir sorts
                // (strcmp).
                found.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
                let (names, types): (Vec<String>, Vec<u8>) =
                    found.into_iter().map(|(name, kind)| (name.to_string_lossy().into_owned(), kind)).unzip();
                Ok(if with_types { Out::Dirents(names, types) } else { Out::Names(names) })
            })
        })
    }
);

fs_op!(
    /// `(path, recursive, mode)`: with `recursive`, the first folder made
    /// (undefined when all existed).
    op_fs_mkdir_sync, op_fs_mkdir_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let recursive = args.get(1).is_true();
        let mode = int_arg(scope, args.get(2), 0o777) as u32;
        path.map(|path| -> Job {
            Box::new(move || {
                if !recursive {
                    return std::fs::DirBuilder::new().mode(mode).create(&path).map(|_| Out::Undefined).map_err(fail("mkdir", &path));
                }
                let mut first = None;
                let mut missing = Vec::new();
                let mut cursor = Some(path.as_path());
                while let Some(dir) = cursor {
                    // The empty parent of a relative path is the current folder.
                    if dir.as_os_str().is_empty() {
                        break;
                    }
                    if dir.exists() {
                        if !dir.is_dir() {
                            return Err(fail("mkdir", &path)(std::io::Error::from_raw_os_error(libc::ENOTDIR)));
                        }
                        break;
                    }
                    missing.push(dir.to_owned());
                    cursor = dir.parent();
                }
                for dir in missing.iter().rev() {
                    match std::fs::DirBuilder::new().mode(mode).create(dir) {
                        Ok(()) => {
                            if first.is_none() {
                                first = Some(dir.clone());
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                        Err(e) => return Err(fail("mkdir", &path)(e)),
                    }
                }
                Ok(first.map_or(Out::Undefined, |d| Out::Str(d.to_string_lossy().into_owned())))
            })
        })
    }
);

fs_op!(
    /// `(path)`: removes an empty folder.
    op_fs_rmdir_sync, op_fs_rmdir_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job { Box::new(move || std::fs::remove_dir(&path).map(|_| Out::Undefined).map_err(fail("rmdir", &path))) })
    }
);

fs_op!(
    /// `(path, recursive, force)`: removes a file, or a folder with
    /// `recursive`; `force` ignores a missing path.
    op_fs_rm_sync, op_fs_rm_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let recursive = args.get(1).is_true();
        let force = args.get(2).is_true();
        path.map(|path| -> Job {
            Box::new(move || {
                let meta = match std::fs::symlink_metadata(&path) {
                    Ok(m) => m,
                    Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => return Ok(Out::Undefined),
                    Err(e) => return Err(fail("rm", &path)(e)),
                };
                let result = if meta.is_dir() {
                    if !recursive {
                        // Node's rm refuses folders without `recursive`.
                        return Err(FsError {
                            err: std::io::Error::from_raw_os_error(libc::EISDIR),
                            syscall: "rm",
                            path: Some(path.to_string_lossy().into_owned()),
                            dest: None,
                        });
                    }
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                result.map(|_| Out::Undefined).map_err(fail("rm", &path))
            })
        })
    }
);

fs_op!(
    /// `(path)`: removes a file or link.
    op_fs_unlink_sync, op_fs_unlink_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job { Box::new(move || std::fs::remove_file(&path).map(|_| Out::Undefined).map_err(fail("unlink", &path))) })
    }
);

fs_op!(
    /// `(from, to)`.
    op_fs_rename_sync, op_fs_rename_async, |scope, args| {
        let from = path_arg(scope, args.get(0));
        let to = from.as_ref().and_then(|_| path_arg(scope, args.get(1)));
        from.zip(to).map(|(from, to)| -> Job {
            Box::new(move || std::fs::rename(&from, &to).map(|_| Out::Undefined).map_err(fail2("rename", &from, &to)))
        })
    }
);

fs_op!(
    /// `(src, dest, mode)`: `mode & 1` (COPYFILE_EXCL) refuses an existing dest.
    op_fs_copy_file_sync, op_fs_copy_file_async, |scope, args| {
        let src = path_arg(scope, args.get(0));
        let dest = src.as_ref().and_then(|_| path_arg(scope, args.get(1)));
        let mode = int_arg(scope, args.get(2), 0);
        src.zip(dest).map(|(src, dest)| -> Job {
            Box::new(move || {
                if mode & 1 != 0 && std::fs::symlink_metadata(&dest).is_ok() {
                    return Err(fail2("copyfile", &src, &dest)(std::io::Error::from_raw_os_error(libc::EEXIST)));
                }
                std::fs::copy(&src, &dest).map(|_| Out::Undefined).map_err(fail2("copyfile", &src, &dest))
            })
        })
    }
);

fs_op!(
    /// `(path)`: a link's target.
    op_fs_readlink_sync, op_fs_readlink_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job {
            Box::new(move || {
                std::fs::read_link(&path).map(|t| Out::Str(t.to_string_lossy().into_owned())).map_err(fail("readlink", &path))
            })
        })
    }
);

fs_op!(
    /// `(target, path)`: makes `path` a symbolic link to `target`.
    op_fs_symlink_sync, op_fs_symlink_async, |scope, args| {
        let target = path_arg(scope, args.get(0));
        let path = target.as_ref().and_then(|_| path_arg(scope, args.get(1)));
        target.zip(path).map(|(target, path)| -> Job {
            Box::new(move || std::os::unix::fs::symlink(&target, &path).map(|_| Out::Undefined).map_err(fail2("symlink", &target, &path)))
        })
    }
);

fs_op!(
    /// `(existing, new)`: a hard link.
    op_fs_link_sync, op_fs_link_async, |scope, args| {
        let existing = path_arg(scope, args.get(0));
        let new = existing.as_ref().and_then(|_| path_arg(scope, args.get(1)));
        existing.zip(new).map(|(existing, new)| -> Job {
            Box::new(move || std::fs::hard_link(&existing, &new).map(|_| Out::Undefined).map_err(fail2("link", &existing, &new)))
        })
    }
);

fs_op!(
    /// `(path, mode)`.
    op_fs_chmod_sync, op_fs_chmod_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let mode = int_arg(scope, args.get(1), 0o644) as u32;
        path.map(|path| -> Job {
            Box::new(move || {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).map(|_| Out::Undefined).map_err(fail("chmod", &path))
            })
        })
    }
);

fs_op!(
    /// `(path, uid, gid)`.
    op_fs_chown_sync, op_fs_chown_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let uid = int_arg(scope, args.get(1), -1) as u32;
        let gid = int_arg(scope, args.get(2), -1) as u32;
        path.map(|path| -> Job {
            Box::new(move || std::os::unix::fs::chown(&path, Some(uid), Some(gid)).map(|_| Out::Undefined).map_err(fail("chown", &path)))
        })
    }
);

fs_op!(
    /// `(fd, mode)`.
    op_fs_fchmod_sync, op_fs_fchmod_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        let mode = int_arg(scope, args.get(1), 0o644) as libc::mode_t;
        Some(Box::new(move || {
            // SAFETY: fchmod on the caller's fd.
            if unsafe { libc::fchmod(fd, mode) } == 0 { Ok(Out::Undefined) } else { Err(fail_fd("fchmod")(last_error())) }
        }))
    }
);

fs_op!(
    /// `(fd, uid, gid)`.
    op_fs_fchown_sync, op_fs_fchown_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        let uid = int_arg(scope, args.get(1), -1) as libc::uid_t;
        let gid = int_arg(scope, args.get(2), -1) as libc::gid_t;
        Some(Box::new(move || {
            // SAFETY: fchown on the caller's fd.
            if unsafe { libc::fchown(fd, uid, gid) } == 0 { Ok(Out::Undefined) } else { Err(fail_fd("fchown")(last_error())) }
        }))
    }
);

fs_op!(
    /// `(path, uid, gid)`: the link itself, not its target.
    op_fs_lchown_sync, op_fs_lchown_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let uid = int_arg(scope, args.get(1), -1) as u32;
        let gid = int_arg(scope, args.get(2), -1) as u32;
        path.map(|path| -> Job {
            Box::new(move || std::os::unix::fs::lchown(&path, Some(uid), Some(gid)).map(|_| Out::Undefined).map_err(fail("lchown", &path)))
        })
    }
);

fs_op!(
    /// `(path)`: `[type, bsize, blocks, bfree, bavail, files, ffree, frsize]`.
    op_fs_statfs_sync, op_fs_statfs_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job {
            Box::new(move || {
                let c = c_path(&path, "statfs")?;
                // SAFETY: a zeroed statfs is a valid out-parameter.
                let mut st: libc::statfs = unsafe { std::mem::zeroed() };
                // SAFETY: a NUL-terminated path and a statfs to fill.
                if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
                    return Err(fail("statfs", &path)(last_error()));
                }
                Ok(Out::Floats(vec![
                    st.f_type as f64,
                    st.f_bsize as f64,
                    st.f_blocks as f64,
                    st.f_bfree as f64,
                    st.f_bavail as f64,
                    st.f_files as f64,
                    st.f_ffree as f64,
                    st.f_frsize as f64,
                ]))
            })
        })
    }
);

fs_op!(
    /// `(path)`: opens a directory stream; its id (`op_fs_dir_read_*`).
    op_fs_opendir_sync, op_fs_opendir_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job { Box::new(move || std::fs::read_dir(&path).map(Out::Dir).map_err(fail("opendir", &path))) })
    }
);

fs_op!(
    /// `(id, count)`: up to `count` more entries of a directory stream as
    /// `[names, types]` in the order the system gives them (no sorting, as
    /// libuv's `uv_fs_readdir`), or null at the end.
    op_fs_dir_read_sync, op_fs_dir_read_async, |scope, args| {
        let id = arg::<u32>(scope, &args, 0, "id")?;
        let count = arg::<Option<u32>>(scope, &args, 1, "count")?.unwrap_or(32).max(1) as usize;
        let dir = State::get(scope).handles.resource::<DirStream>(id).map(|d| (*d).clone());
        Some(Box::new(move || {
            let Some(dir) = dir else { return Err(fail_fd("scandir")(std::io::Error::from_raw_os_error(libc::EBADF))) };
            let mut dir = dir.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut names = Vec::new();
            let mut types = Vec::new();
            for entry in dir.by_ref().take(count) {
                let entry = entry.map_err(fail_fd("scandir"))?;
                types.push(entry.file_type().map_or(0, dirent_type));
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
            Ok(if names.is_empty() { Out::Null } else { Out::Dirents(names, types) })
        }))
    }
);

fs_op!(
    /// `(id)`: closes a directory stream.
    op_fs_dir_close_sync, op_fs_dir_close_async, |scope, args| {
        let id = arg::<u32>(scope, &args, 0, "id")?;
        // The blocking pool may still read it: the last reference closes it.
        let dir = State::get(scope).handles.resource::<DirStream>(id).map(|d| (*d).clone());
        State::get(scope).handles.close(id);
        Some(Box::new(move || {
            drop(dir);
            Ok(Out::Undefined)
        }))
    }
);

fn timespec(seconds: f64) -> libc::timespec {
    libc::timespec {
        tv_sec: seconds.floor() as libc::time_t,
        tv_nsec: ((seconds - seconds.floor()) * 1e9) as libc::c_long,
    }
}

fs_op!(
    /// `(path, atime, mtime)`: times in seconds (fractions allowed).
    op_fs_utimes_sync, op_fs_utimes_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let atime = arg::<f64>(scope, &args, 1, "atime")?;
        let mtime = arg::<f64>(scope, &args, 2, "mtime")?;
        path.map(|path| -> Job {
            Box::new(move || {
                let c = c_path(&path, "utime")?;
                let times = [timespec(atime), timespec(mtime)];
                // SAFETY: a NUL-terminated path and two timespecs.
                if unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), 0) } == 0 {
                    Ok(Out::Undefined)
                } else {
                    Err(fail("utime", &path)(last_error()))
                }
            })
        })
    }
);

fs_op!(
    /// `(path, atime, mtime)`: the times of a link itself.
    op_fs_lutimes_sync, op_fs_lutimes_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let atime = arg::<f64>(scope, &args, 1, "atime")?;
        let mtime = arg::<f64>(scope, &args, 2, "mtime")?;
        path.map(|path| -> Job {
            Box::new(move || {
                let c = c_path(&path, "lutime")?;
                let times = [timespec(atime), timespec(mtime)];
                // SAFETY: a NUL-terminated path and two timespecs.
                if unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), libc::AT_SYMLINK_NOFOLLOW) } == 0 {
                    Ok(Out::Undefined)
                } else {
                    Err(fail("lutime", &path)(last_error()))
                }
            })
        })
    }
);

fs_op!(
    /// `(fd, atime, mtime)`.
    op_fs_futimes_sync, op_fs_futimes_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        let atime = arg::<f64>(scope, &args, 1, "atime")?;
        let mtime = arg::<f64>(scope, &args, 2, "mtime")?;
        Some(Box::new(move || {
            let times = [timespec(atime), timespec(mtime)];
            // SAFETY: two timespecs for the caller's fd.
            if unsafe { libc::futimens(fd, times.as_ptr()) } == 0 { Ok(Out::Undefined) } else { Err(fail_fd("futime")(last_error())) }
        }))
    }
);

fs_op!(
    /// `(path, length)`.
    op_fs_truncate_sync, op_fs_truncate_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        let len = int_arg(scope, args.get(1), 0).max(0) as u64;
        path.map(|path| -> Job {
            Box::new(move || {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_len(len))
                    .map(|_| Out::Undefined)
                    .map_err(fail("open", &path))
            })
        })
    }
);

fs_op!(
    /// `(fd, length)`.
    op_fs_ftruncate_sync, op_fs_ftruncate_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        let len = int_arg(scope, args.get(1), 0).max(0) as u64;
        Some(Box::new(move || borrowed_file(fd).set_len(len).map(|_| Out::Undefined).map_err(fail_fd("ftruncate"))))
    }
);

fs_op!(
    /// `(fd)`: flushes the file to disk.
    op_fs_fsync_sync, op_fs_fsync_async, |scope, args| {
        let fd = arg::<i32>(scope, &args, 0, "fd")?;
        Some(Box::new(move || borrowed_file(fd).sync_all().map(|_| Out::Undefined).map_err(fail_fd("fsync"))))
    }
);

fs_op!(
    /// `(prefix)`: makes `prefix` + 6 random characters as a folder.
    op_fs_mkdtemp_sync, op_fs_mkdtemp_async, |scope, args| {
        let prefix = path_arg(scope, args.get(0));
        prefix.map(|prefix| -> Job {
            Box::new(move || {
                let mut template = prefix.as_os_str().as_bytes().to_vec();
                template.extend_from_slice(b"XXXXXX\0");
                // SAFETY: a writable NUL-terminated template ending in XXXXXX.
                let made = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
                if made.is_null() {
                    return Err(fail("mkdtemp", &PathBuf::from(format!("{}XXXXXX", prefix.display())))(last_error()));
                }
                template.pop();
                Ok(Out::Str(String::from_utf8_lossy(&template).into_owned()))
            })
        })
    }
);

fs_op!(
    /// `(path)`: the canonical path.
    op_fs_realpath_sync, op_fs_realpath_async, |scope, args| {
        let path = path_arg(scope, args.get(0));
        path.map(|path| -> Job {
            Box::new(move || std::fs::canonicalize(&path).map(|p| Out::Str(p.to_string_lossy().into_owned())).map_err(fail("realpath", &path)))
        })
    }
);

/// `op_fs_exists_sync(path)`: whether the path exists (never throws).
pub(crate) fn op_fs_exists_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let value = args.get(0);
    let path = if let Some(bytes) = crate::ops::core::bytes_of(value) {
        PathBuf::from(OsStr::from_bytes(&bytes))
    } else if value.is_string() {
        PathBuf::from(value.to_rust_string_lossy(scope))
    } else {
        rv.set_bool(false);
        return;
    };
    rv.set_bool(std::fs::metadata(path).is_ok());
}

/// `op_fs_read_file_utf8_sync(path)`: the file's text (a BOM is kept; the
/// loaders strip it).
pub(crate) fn op_fs_read_file_utf8_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let path = args.get(0).to_rust_string_lossy(scope);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            match v8::String::new_from_utf8(scope, text.as_bytes(), v8::NewStringType::Normal) {
                Some(s) => rv.set(s.into()),
                None => crate::ops::throw_error(
                    scope,
                    "ERR_STRING_TOO_LONG",
                    "Cannot create a string longer than 0x1fffffe8 characters",
                ),
            }
        }
        Err(err) => throw_system_error(scope, &err, "open", Some(&path)),
    }
}

/// `op_fs_stat_kind_sync(path)`: 0 for a file, 1 for a directory, -2 when
/// missing (Node's `internalModuleStat`).
pub(crate) fn op_fs_stat_kind_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let path = args.get(0).to_rust_string_lossy(scope);
    rv.set_int32(match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => 1,
        Ok(_) => 0,
        Err(_) => -2,
    });
}
