// Generated from jit/src/abi.rs (`KILN_BLESS=1 cargo test -p kiln-jit`): do not edit.
// The guest ABI's names and numbers; see that file for what each means.

export const EXIT = Object.freeze({
  USAGE: 2,
  SYNTAX: 65,
  ERROR: 70,
  TIMEOUT: 124,
  OUT_OF_MEMORY: 137,
  WASI_MAX: 126,
});

export const EXPORT = Object.freeze({
  ALLOC: 'kiln_alloc',
  SET_OPTION: 'kiln_set_option',
  RUN: 'kiln_run',
  REPL_EVAL: 'kiln_repl_eval',
  STDOUT_BUFFER: 'kiln_stdout_buffer',
  EXIT_STATUS: 'kiln_exit_status',
  JIT_PENDING: 'kiln_jit_pending',
  JIT_PENDING_LEN: 'kiln_jit_pending_len',
  JIT_LINKED: 'kiln_jit_linked',
  JIT_FLUSH: 'kiln_jit_flush',
  GIVE_FILE: 'kiln_give_file',
});

export const STDOUT = Object.freeze({
  LEN: 0,
  DATA: 4,
  CAPACITY: 65536,
});

// The runtime functions an aux module may import from module "env" (jit/src/runtime.rs).
export const RUNTIME_IMPORTS = Object.freeze([
  'kiln_rt_settle',
  'kiln_rt_apply',
  'kiln_rt_unbound',
  'kiln_rt_arity',
  'kiln_rt_rest',
  'kiln_rt_deep_call',
  'kiln_rt_grow',
  'kiln_rt_closure',
  'kiln_rt_alloc',
  'kiln_rt_trace',
]);
