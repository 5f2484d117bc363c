//! Op areas no public module uses all of yet (`fs`, `os`), driven through
//! `--expose-internals`: sync and async forms, Node's system errors, async
//! callbacks on the event loop; and the `url` ops' contract with
//! `internal/url.js` (href or `true`, component offsets in the shared
//! buffer, refusals).

use nodus_test_support::Cmd;

fn run(dir: &std::path::Path, script: &str) -> String {
    let out =
        Cmd::new(env!("CARGO_BIN_EXE_nodus")).args(["--expose-internals", "-e", script]).current_dir(dir).run_ok();
    out.stdout
}

const PRELUDE: &str = "const fs = require('internal/test/binding').internalBinding('fs');\n\
                       const text = (u8) => new TextDecoder().decode(u8);\n";

#[test]
fn sync_ops_read_write_and_walk_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = format!(
        "{PRELUDE}\
         fs.op_fs_mkdir_sync('a/b/c', true, 0o755);\n\
         console.log('made', fs.op_fs_mkdir_sync('a/x/y', true, 0o755).endsWith('a/x'));\n\
         fs.op_fs_write_file_sync('a/b/c/f.txt', 'héllo', undefined, 0o644);\n\
         fs.op_fs_write_file_sync('a/bin', new Uint8Array([1, 2, 3]));\n\
         console.log(text(fs.op_fs_read_file_sync('a/b/c/f.txt')), Array.from(fs.op_fs_read_file_sync('a/bin')));\n\
         const st = fs.op_fs_stat_sync('a/b/c/f.txt', true, true);\n\
         console.log('size', st[8], 'file', (st[1] & 0o170000) === 0o100000, 'mode', (st[1] & 0o777).toString(8));\n\
         console.log('missing', fs.op_fs_stat_sync('nope', true, false));\n\
         const [names, types] = fs.op_fs_readdir_sync('a', true);\n\
         console.log(names.map((n, i) => n + ':' + types[i]).sort().join(' '));\n\
         const fd = fs.op_fs_open_sync('a/bin', 2 /* O_RDWR */, 0o644);\n\
         console.log('wrote', fs.op_fs_write_sync(fd, 'xy', 1));\n\
         const buf = new Uint8Array(8);\n\
         console.log('read', fs.op_fs_read_sync(fd, buf, 2, 4, 0), Array.from(buf));\n\
         console.log('fstat size', fs.op_fs_fstat_sync(fd)[8]);\n\
         fs.op_fs_close_sync(fd);\n\
         fs.op_fs_rename_sync('a/bin', 'a/bin2');\n\
         fs.op_fs_copy_file_sync('a/bin2', 'a/bin3', 0);\n\
         fs.op_fs_symlink_sync('bin3', 'a/link');\n\
         console.log('link', fs.op_fs_readlink_sync('a/link'), fs.op_fs_exists_sync('a/link'), fs.op_fs_exists_sync('a/bin'));\n\
         fs.op_fs_chmod_sync('a/bin3', 0o600);\n\
         console.log('chmod', (fs.op_fs_stat_sync('a/bin3', true, true)[1] & 0o777).toString(8));\n\
         fs.op_fs_truncate_sync('a/bin3', 1);\n\
         fs.op_fs_utimes_sync('a/bin3', 1000, 2000.5);\n\
         const st3 = fs.op_fs_stat_sync('a/bin3', true, true);\n\
         console.log('truncate', st3[8], 'mtime', st3[11]);\n\
         const tmp = fs.op_fs_mkdtemp_sync('a/tmp-');\n\
         console.log('mkdtemp', /^a\\/tmp-.{{6}}$/.test(tmp));\n\
         fs.op_fs_unlink_sync('a/link');\n\
         fs.op_fs_rm_sync('a', true, false);\n\
         console.log('gone', fs.op_fs_exists_sync('a'));\n\
         fs.op_fs_rm_sync('a', true, true);\n\
         for (const f of [() => fs.op_fs_read_file_sync('missing.txt'), () => fs.op_fs_rename_sync('x', 'y'), () => fs.op_fs_rmdir_sync('.')]) {{\n\
         \x20 try {{ f(); }} catch (e) {{ console.log(e.code, e.errno, e.syscall, e.message); }}\n\
         }}\n"
    );
    assert_eq!(
        run(dir.path(), &script),
        "made true\n\
         héllo [ 1, 2, 3 ]\n\
         size 6 file true mode 644\n\
         missing undefined\n\
         b:2 bin:1 x:2\n\
         wrote 2\n\
         read 3 [\n    0, 0, 1, 120,\n  121, 0, 0,   0\n]\n\
         fstat size 3\n\
         link bin3 true false\n\
         chmod 600\n\
         truncate 1 mtime 2000500\n\
         mkdtemp true\n\
         gone false\n\
         ENOENT -2 open ENOENT: no such file or directory, open 'missing.txt'\n\
         ENOENT -2 rename ENOENT: no such file or directory, rename 'x' -> 'y'\n\
         EINVAL -22 rmdir EINVAL: invalid argument, rmdir '.'\n"
    );
}

#[test]
fn async_ops_call_back_on_the_loop_in_order_of_completion() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = format!(
        "{PRELUDE}\
         fs.op_fs_write_file_async('data.txt', 'async data', undefined, 0o644, (err) => {{\n\
         \x20 console.log('written', err);\n\
         \x20 fs.op_fs_read_file_async('data.txt', undefined, (err, bytes) => {{\n\
         \x20   console.log('read', err, text(bytes));\n\
         \x20   process.nextTick(() => console.log('tick after read callback'));\n\
         \x20   setImmediate(() => console.log('immediate after read callback'));\n\
         \x20   setTimeout(() => {{\n\
         \x20     console.log('timeout after read callback');\n\
         \x20     fs.op_fs_stat_async('missing', true, true, (err) => console.log('stat error', err.code, err.syscall, err.path));\n\
         \x20   }}, 0);\n\
         \x20 }});\n\
         }});\n\
         console.log('sync code done first');\n"
    );
    assert_eq!(
        run(dir.path(), &script),
        "sync code done first\n\
         written null\n\
         read null async data\n\
         tick after read callback\n\
         immediate after read callback\n\
         timeout after read callback\n\
         stat error ENOENT stat missing\n"
    );
}

#[test]
fn os_ops_report_the_machine_and_user() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = "const os = require('internal/test/binding').internalBinding('os');\n\
                  const [sysname, release, , machine, hostname] = os.op_os_uname_sync();\n\
                  console.log(sysname, release.length > 0, machine.length > 0, hostname.length > 0);\n\
                  const [total, free] = os.op_os_memory_sync();\n\
                  console.log(total > free, free > 0);\n\
                  const cpus = os.op_os_cpus_sync();\n\
                  console.log(cpus.length > 0, Object.keys(cpus[0].times).join());\n\
                  console.log(os.op_os_loadavg_sync().length, os.op_os_uptime_sync() > 0);\n\
                  const [name, home, , uid] = os.op_os_user_info_sync();\n\
                  console.log(uid === process.geteuid(), typeof name, home.startsWith('/'));\n\
                  console.log(process.getuid() === uid, Array.isArray(process.getgroups()));\n\
                  process.title = 'nodus-title';\n\
                  console.log(process.title);\n";
    assert_eq!(
        run(dir.path(), script),
        "Linux true true true\n\
         true true\n\
         true user,nice,sys,idle,irq\n\
         3 true\n\
         true string true\n\
         true true\n\
         nodus-title\n"
    );
}

/// Ops read their arguments as typed values: a wrong type throws Node's
/// ERR_INVALID_ARG_TYPE naming the argument, never a default (a bad fd
/// once became 0 and the op read stdin).
#[test]
fn wrong_argument_types_throw_instead_of_defaulting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = "const b = (a) => require('internal/test/binding').internalBinding(a);\n\
         const cases = [\n\
         \x20 ['core handle_close', () => b('core').op_core_handle_close_sync('7')],\n\
         \x20 ['process kill', () => b('process').op_process_kill_sync({}, 15)],\n\
         \x20 ['process exit', () => b('process').op_process_exit_sync('a string that is far too long to show')],\n\
         \x20 ['zlib params', () => b('zlib').op_zlib_params_sync(null, 1, 0)],\n\
         \x20 ['crypto hash update', () => b('crypto').op_crypto_hash_update_sync(1.5, 'x')],\n\
         \x20 ['worker post', () => b('worker').op_worker_post_sync(1, 'not bytes')],\n\
         \x20 ['timers schedule', () => b('timers').op_timers_schedule_sync(10n)],\n\
         \x20 ['os priority', () => b('os').op_os_get_priority_sync(() => 1)],\n\
         \x20 ['encoding decode', () => b('encoding').op_encoding_decode_sync(new Uint8Array(1), 'utf8', false)],\n\
         ];\n\
         for (const [name, f] of cases) {\n\
         \x20 try { f(); console.log(name, 'did not throw'); }\n\
         \x20 catch (e) { console.log(name, '|', e.name, e.code, '|', e.message); }\n\
         }\n";
    assert_eq!(
        run(dir.path(), script),
        "core handle_close | TypeError ERR_INVALID_ARG_TYPE | The \"id\" argument must be of type number. Received type string ('7')\n\
         process kill | TypeError ERR_INVALID_ARG_TYPE | The \"pid\" argument must be of type number. Received an instance of Object\n\
         process exit | TypeError ERR_INVALID_ARG_TYPE | The \"code\" argument must be of type number. Received type string ('a string that is far too ...')\n\
         zlib params | TypeError ERR_INVALID_ARG_TYPE | The \"id\" argument must be of type number. Received null\n\
         crypto hash update | TypeError ERR_INVALID_ARG_TYPE | The \"id\" argument must be of type number. Received type number (1.5)\n\
         worker post | TypeError ERR_INVALID_ARG_TYPE | The \"message\" argument must be an instance of Buffer, TypedArray, DataView or ArrayBuffer. Received type string ('not bytes')\n\
         timers schedule | TypeError ERR_INVALID_ARG_TYPE | The \"ms\" argument must be of type number. Received type bigint (10n)\n\
         os priority | TypeError ERR_INVALID_ARG_TYPE | The \"pid\" argument must be of type number. Received function \n\
         encoding decode | TypeError ERR_INVALID_ARG_TYPE | The \"kind\" argument must be of type number. Received type string ('utf8')\n"
    );
}

#[test]
fn url_ops_parse_update_and_refuse_bad_arguments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = "const url = require('internal/test/binding').internalBinding('url');\n\
         const c = url.op_url_components_sync();\n\
         const show = (r) => JSON.stringify([r, Array.from(c)]);\n\
         console.log(show(url.op_url_parse_sync('HTTPS://u:p@Example.com:8080/a/../b?q#h', undefined)));\n\
         console.log(show(url.op_url_parse_sync('https://example.com/', undefined)));\n\
         console.log(show(url.op_url_parse_sync('../x?y', 'file:///a/b/c')));\n\
         console.log(url.op_url_parse_sync('nope', undefined), url.op_url_parse_sync('/x', 'nope'));\n\
         url.op_url_parse_sync('http://two/', undefined);\n\
         console.log(show(url.op_url_update_sync('http://one/', 7, '/p q')));\n\
         console.log(show(url.op_url_update_sync('http://one/p%20q', 6, '99999')));\n\
         console.log(url.op_url_update_sync('http://two/', 0, 'not a url'), url.op_url_update_sync('http://two/', 42, 'x'));\n\
         console.log(url.op_url_can_parse_sync('x:y'), url.op_url_can_parse_sync('/x', 'http://h'), url.op_url_can_parse_sync('/x'));\n\
         console.log(url.op_url_parse_sync(5, null), url.op_url_components_sync() !== c, url.op_url_components_sync()[0] === c[0]);\n\
         console.log(url.op_url_domain_to_ascii_sync('Bücher.example'), JSON.stringify(url.op_url_domain_to_ascii_sync('a b')),\n\
         \x20 url.op_url_domain_to_unicode_sync('xn--bcher-kva.example'));\n";
    assert_eq!(
        run(dir.path(), script),
        "[\"https://u:p@example.com:8080/b?q#h\",[6,9,11,23,8080,28,30,32]]\n\
         [true,[6,8,8,19,-1,19,-1,-1]]\n\
         [\"file:///a/x?y\",[5,7,7,7,-1,7,11,-1]]\n\
         undefined undefined\n\
         [\"http://one/p%20q\",[5,7,7,10,-1,10,-1,-1]]\n\
         [false,[5,7,7,10,-1,10,-1,-1]]\n\
         false false\n\
         true true false\n\
         undefined true true\n\
         xn--bcher-kva.example \"\" bücher.example\n"
    );
}
