//! Where source text comes from: the names of loaded files (for positions), the library path,
//! the files a host hands over (the page's editor tabs, a bundle's pre-loaded libraries) and the
//! file system (through WASI: the host preopens the library directories).
//!
//! The expander asks the [`Loader`] for library files (`a/b/c.sld`, then `.scm`, in each library
//! directory in turn) and for `include`d files. Every file read from the file system is logged,
//! so that `kiln bundle` can hand the same texts to the snapshot's init run, which reads nothing.

pub mod exports;
pub mod standard;

use std::collections::HashMap;
use std::rc::Rc;

/// The file extensions of library files, in the order they are tried.
pub const EXTENSIONS: &[&str] = &["sld", "scm"];

/// See the module docs.
#[derive(Default)]
pub struct Loader {
    /// Loaded file names, indexed by `Pos::file`.
    files: Vec<Rc<str>>,
    /// Directories searched for libraries, in order.
    path: Vec<String>,
    /// Files given by the host: path → text. Consulted before the file system.
    given: HashMap<String, Rc<str>>,
    /// Whether the file system may be read (a bundle's init run reads only given files).
    no_file_system: bool,
    /// Every file read from the file system, in order.
    read_log: Vec<(String, Rc<str>)>,
}

impl Loader {
    /// Registers a file name for positions; returns its id.
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.files.push(Rc::from(name));
        (self.files.len() - 1) as u32
    }

    /// The name of file `id`, if registered.
    pub fn file_name(&self, id: u32) -> Option<&str> {
        self.files.get(id as usize).map(|f| &**f)
    }

    /// Whether no file has been registered yet.
    pub fn no_files(&self) -> bool {
        self.files.is_empty()
    }

    /// Appends a directory to the library path.
    pub fn add_library_dir(&mut self, dir: &str) {
        if !self.path.iter().any(|d| d == dir) {
            self.path.push(dir.to_string());
        }
    }

    /// The library path.
    pub fn library_dirs(&self) -> &[String] {
        &self.path
    }

    /// Makes `text` the contents of file `path`, whatever the file system holds.
    pub fn give_file(&mut self, path: &str, text: &str) {
        self.given.insert(path.to_string(), Rc::from(text));
    }

    /// Forbids (or allows again) reading the file system.
    pub fn set_file_system(&mut self, allowed: bool) {
        self.no_file_system = !allowed;
    }

    /// The files read from the file system so far, in order.
    pub fn read_log(&self) -> &[(String, Rc<str>)] {
        &self.read_log
    }

    /// Whether file `path` exists (a given file, or one on the file system).
    pub fn exists(&self, path: &str) -> bool {
        self.given.contains_key(path)
            || (!self.no_file_system && std::path::Path::new(path).is_file())
    }

    /// The text of file `path`.
    pub fn read(&mut self, path: &str) -> Result<Rc<str>, String> {
        if let Some(text) = self.given.get(path) {
            return Ok(text.clone());
        }
        if self.no_file_system {
            return Err(format!("cannot read {path}: not among the bundled files"));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&bytes).as_ref());
        self.read_log.push((path.to_string(), text.clone()));
        Ok(text)
    }

    /// The first file that holds library `parts` (`(a b c)` is `a/b/c.sld`, then `a/b/c.scm`,
    /// in each library directory in turn).
    pub fn find_library(&self, parts: &[String]) -> Option<String> {
        let rel = parts.join("/");
        for dir in &self.path {
            for ext in EXTENSIONS {
                let candidate = join(dir, &format!("{rel}.{ext}"));
                if self.exists(&candidate) {
                    return Some(candidate);
                }
            }
        }
        None
    }
}

/// `dir/rel`; `rel` alone when `dir` is empty or `.`, or when `rel` is absolute.
pub fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() || dir == "." || rel.starts_with('/') {
        rel.to_string()
    } else {
        format!("{}/{rel}", dir.trim_end_matches('/'))
    }
}

/// The directory of file `path` (`.` for a bare name).
pub fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => ".",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_split() {
        assert_eq!(join(".", "a/b.sld"), "a/b.sld");
        assert_eq!(join("", "a.sld"), "a.sld");
        assert_eq!(join("lib/", "a.sld"), "lib/a.sld");
        assert_eq!(join("/x/lib", "a.sld"), "/x/lib/a.sld");
        assert_eq!(join("lib", "/abs.scm"), "/abs.scm");
        assert_eq!(dir_of("a/b/c.sld"), "a/b");
        assert_eq!(dir_of("main.scm"), ".");
        assert_eq!(dir_of("/main.scm"), "/");
    }

    #[test]
    fn given_files_come_first_and_libraries_are_searched_in_order() {
        let mut l = Loader::default();
        l.add_library_dir("one");
        l.add_library_dir("two");
        l.add_library_dir("one");
        assert_eq!(l.library_dirs(), ["one", "two"]);
        l.give_file("two/app/stack.scm", "(x)");
        l.set_file_system(false);
        assert_eq!(
            l.find_library(&["app".into(), "stack".into()]),
            Some("two/app/stack.scm".into())
        );
        l.give_file("one/app/stack.sld", "(y)");
        assert_eq!(
            l.find_library(&["app".into(), "stack".into()]),
            Some("one/app/stack.sld".into())
        );
        assert_eq!(&*l.read("one/app/stack.sld").unwrap(), "(y)");
        assert!(l.read("nowhere.scm").unwrap_err().contains("nowhere.scm"));
        assert!(l.read_log().is_empty());
    }
}
