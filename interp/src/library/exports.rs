//! The guest exports about source files (see ARCHITECTURE.md, "Guest ABI"): a host gives the
//! guest files it cannot read itself (the page's editor tabs, a bundle's libraries), and reads
//! back which files a run read from the file system (what a bundle must carry).

use crate::api::text;
use crate::vm::vm;
use std::cell::RefCell;

thread_local! {
    /// The last read log handed to the host.
    static LOG: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes `text` the contents of file `path` for the guest (before anything reads it). Its name
/// is `kiln_jit::abi::export::GIVE_FILE`, which the page's `web/abi.js` is generated from.
#[no_mangle]
pub extern "C" fn kiln_give_file(path_ptr: u32, path_len: u32, text_ptr: u32, text_len: u32) {
    let path = text(path_ptr, path_len);
    let contents = text(text_ptr, text_len);
    vm().expander.loader.give_file(&path, &contents);
}

/// Forbids reading the file system (`0`) or allows it again (`1`): a bundle's init run reads
/// only the files given to it, so that nothing depends on the machine the bundle was made on.
#[no_mangle]
pub extern "C" fn kiln_file_system(allowed: u32) {
    vm().expander.loader.set_file_system(allowed != 0);
}

/// The files read from the file system so far, encoded as fields `PATH-LEN TEXT-LEN\n`, the
/// path, the text: returns the address of the encoding; its length is `kiln_read_log_len`.
#[no_mangle]
pub extern "C" fn kiln_read_log() -> u32 {
    let mut out = Vec::new();
    for (path, text) in vm().expander.loader.read_log() {
        out.extend_from_slice(format!("{} {}\n", path.len(), text.len()).as_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    LOG.with(|l| {
        *l.borrow_mut() = out;
        l.borrow().as_ptr() as usize as u32
    })
}

/// The length of the encoding `kiln_read_log` returned last.
#[no_mangle]
pub extern "C" fn kiln_read_log_len() -> u32 {
    LOG.with(|l| l.borrow().len() as u32)
}
