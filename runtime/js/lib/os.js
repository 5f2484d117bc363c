'use strict';
// node:os over the os ops (src/ops/os.rs).

const binding = internalBinding('os');

const signals = Object.freeze({
  __proto__: null,
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
  SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
});

const priority = Object.freeze({
  __proto__: null,
  PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
  PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
});

// Linux's errno values, the set and order Node exports.
const errno = Object.freeze({
  __proto__: null,
  E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAFNOSUPPORT: 97, EAGAIN: 11,
  EALREADY: 114, EBADF: 9, EBADMSG: 74, EBUSY: 16, ECANCELED: 125, ECHILD: 10, ECONNABORTED: 103,
  ECONNREFUSED: 111, ECONNRESET: 104, EDEADLK: 35, EDESTADDRREQ: 89, EDOM: 33, EDQUOT: 122,
  EEXIST: 17, EFAULT: 14, EFBIG: 27, EHOSTUNREACH: 113, EIDRM: 43, EILSEQ: 84, EINPROGRESS: 115,
  EINTR: 4, EINVAL: 22, EIO: 5, EISCONN: 106, EISDIR: 21, ELOOP: 40, EMFILE: 24, EMLINK: 31,
  EMSGSIZE: 90, EMULTIHOP: 72, ENAMETOOLONG: 36, ENETDOWN: 100, ENETRESET: 102, ENETUNREACH: 101,
  ENFILE: 23, ENOBUFS: 105, ENODATA: 61, ENODEV: 19, ENOENT: 2, ENOEXEC: 8, ENOLCK: 37,
  ENOLINK: 67, ENOMEM: 12, ENOMSG: 42, ENOPROTOOPT: 92, ENOSPC: 28, ENOSR: 63, ENOSTR: 60,
  ENOSYS: 38, ENOTCONN: 107, ENOTDIR: 20, ENOTEMPTY: 39, ENOTSOCK: 88, ENOTSUP: 95, ENOTTY: 25,
  ENXIO: 6, EOPNOTSUPP: 95, EOVERFLOW: 75, EPERM: 1, EPIPE: 32, EPROTO: 71, EPROTONOSUPPORT: 93,
  EPROTOTYPE: 91, ERANGE: 34, EROFS: 30, ESPIPE: 29, ESRCH: 3, ESTALE: 116, ETIME: 62,
  ETIMEDOUT: 110, ETXTBSY: 26, EWOULDBLOCK: 11, EXDEV: 18,
});

const constants = Object.freeze({
  __proto__: null,
  UV_UDP_REUSEADDR: 4,
  dlopen: Object.freeze({ __proto__: null, RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 }),
  errno,
  signals,
  priority,
});

function uname(i) {
  return binding.op_os_uname_sync()[i];
}

function tmpdir() {
  let path = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

function cpus() {
  return binding.op_os_cpus_sync();
}

function networkInterfaces() {
  const out = {};
  for (const [name, address, netmask, family, mac, internal, scopeid] of binding.op_os_network_interfaces_sync()) {
    const prefix = family === 'IPv4' ?
      netmask.split('.').reduce((n, part) => n + (Number(part) >>> 0).toString(2).split('1').length - 1, 0) :
      netmask.split(':').reduce((n, part) => n + (parseInt(part || '0', 16) >>> 0).toString(2).split('1').length - 1, 0);
    const entry = { address, netmask, family, mac, internal, cidr: `${address}/${prefix}` };
    if (family === 'IPv6') entry.scopeid = scopeid;
    (out[name] || (out[name] = [])).push(entry);
  }
  return out;
}

function userInfo(options) {
  const [username, homedir, shell, uid, gid] = binding.op_os_user_info_sync();
  const encode = (s) => (options && options.encoding === 'buffer' ? require('buffer').Buffer.from(s) : s);
  return { uid, gid, username: encode(username), homedir: encode(homedir), shell: encode(shell) };
}

module.exports = {
  EOL: '\n',
  devNull: '/dev/null',
  constants,
  arch: () => process.arch,
  platform: () => process.platform,
  type: () => uname(0),
  release: () => uname(1),
  version: () => uname(2),
  machine: () => uname(3),
  hostname: () => uname(4),
  homedir: () => binding.op_os_home_dir_sync(),
  tmpdir,
  totalmem: () => binding.op_os_memory_sync()[0],
  freemem: () => binding.op_os_memory_sync()[1],
  availableParallelism: () => Math.max(1, cpus().length),
  loadavg: () => binding.op_os_loadavg_sync(),
  uptime: () => binding.op_os_uptime_sync(),
  cpus,
  networkInterfaces,
  userInfo,
  endianness: () => 'LE',
  getPriority: (pid = 0) => binding.op_os_get_priority_sync(pid),
  setPriority: (pid, value) => {
    if (value === undefined) {
      value = pid;
      pid = 0;
    }
    binding.op_os_set_priority_sync(pid, value);
  },
};
