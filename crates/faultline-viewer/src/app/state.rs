//! The shell's state and its pure reducer: notices, the drag-and-drop overlay, and the
//! import or export waiting to run.

use std::rc::Rc;

use yew::Reducible;

use crate::hooks::Notice;

/// Notices kept on screen at most; older ones go first.
pub const MAX_NOTICES: usize = 4;

/// The shell's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShellState {
    /// Notices shown, numbered.
    pub notices: Vec<(u64, Notice)>,
    /// Whether a file is being dragged over the page.
    pub dragging: bool,
    /// A file to import, numbered.
    pub import: Option<(u64, web_sys::File)>,
    /// How far the import is: events done and in all, once it has started.
    pub progress: Option<(u64, u64)>,
    /// An export of everything, numbered.
    pub export: Option<u64>,
    /// The last number given out.
    pub seq: u64,
}

/// What can happen in the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum ShellAction {
    /// Show a notice.
    Notify(Notice),
    /// Hide the notice numbered so.
    Dismiss(u64),
    /// A file is dragged over the page (or no longer).
    Dragging(bool),
    /// Import this file.
    Import(web_sys::File),
    /// The numbered import has done this many events of all (done, total).
    ImportProgress(u64, u64, u64),
    /// The numbered import finished.
    ImportDone(u64),
    /// Export everything.
    Export,
    /// The numbered export finished.
    ExportDone(u64),
}

impl ShellState {
    /// Whether an import or export is running.
    pub fn busy(&self) -> bool {
        self.import.is_some() || self.export.is_some()
    }
}

impl Reducible for ShellState {
    type Action = ShellAction;

    fn reduce(self: Rc<Self>, action: ShellAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ShellAction::Notify(notice) => {
                s.seq += 1;
                s.notices.push((s.seq, notice));
                let excess = s.notices.len().saturating_sub(MAX_NOTICES);
                s.notices.drain(..excess);
            }
            ShellAction::Dismiss(id) => s.notices.retain(|(n, _)| *n != id),
            ShellAction::Dragging(on) if on == s.dragging => return self,
            ShellAction::Dragging(on) => s.dragging = on,
            ShellAction::Import(file) => {
                s.dragging = false;
                if s.import.is_some() {
                    return Rc::new(s);
                }
                s.seq += 1;
                s.import = Some((s.seq, file));
            }
            ShellAction::ImportProgress(n, done, total)
                if s.import.as_ref().map(|i| i.0) == Some(n) =>
            {
                s.progress = Some((done.min(total), total));
            }
            ShellAction::ImportDone(n) if s.import.as_ref().map(|i| i.0) == Some(n) => {
                s.import = None;
                s.progress = None;
            }
            ShellAction::Export if s.export.is_none() => {
                s.seq += 1;
                s.export = Some(s.seq);
            }
            ShellAction::ExportDone(n) if s.export == Some(n) => s.export = None,
            ShellAction::ImportProgress(..)
            | ShellAction::ImportDone(_)
            | ShellAction::Export
            | ShellAction::ExportDone(_) => return self,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn file(name: &str) -> web_sys::File {
        let parts = js_sys::Array::of1(&"{}".into());
        web_sys::File::new_with_str_sequence(&parts, name).unwrap()
    }

    #[wasm_bindgen_test]
    fn notices_are_numbered_capped_and_dismissed() {
        let mut s = Rc::new(ShellState::default());
        for i in 0..6 {
            s = s.reduce(ShellAction::Notify(Notice::info(format!("n{i}"))));
        }
        assert_eq!(s.notices.len(), MAX_NOTICES);
        assert_eq!(s.notices[0].1.text, "n2");
        let first = s.notices[0].0;
        let s = s.reduce(ShellAction::Dismiss(first));
        assert_eq!(s.notices[0].1.text, "n3");
    }

    #[wasm_bindgen_test]
    fn one_import_at_a_time_and_a_drop_ends_dragging() {
        let s = Rc::new(ShellState::default()).reduce(ShellAction::Dragging(true));
        assert!(s.dragging);
        let s = s.reduce(ShellAction::Import(file("a.json")));
        assert!(!s.dragging && s.busy());
        let (n, first) = s.import.clone().unwrap();
        let s = s.reduce(ShellAction::Import(file("b.json")));
        assert_eq!(s.import.as_ref().unwrap().1.name(), first.name());
        let s = s.reduce(ShellAction::ImportDone(n + 5));
        assert!(s.import.is_some());
        let s = s.reduce(ShellAction::ImportProgress(n + 5, 1, 2));
        assert_eq!(s.progress, None, "another import's progress");
        let s = s.reduce(ShellAction::ImportProgress(n, 40, 100));
        assert_eq!(s.progress, Some((40, 100)));
        let s = s.reduce(ShellAction::ImportDone(n));
        assert!(!s.busy() && s.progress.is_none());
    }

    #[wasm_bindgen_test]
    fn export_runs_once_until_done() {
        let s = Rc::new(ShellState::default()).reduce(ShellAction::Export);
        let n = s.export.unwrap();
        let again = s.clone().reduce(ShellAction::Export);
        assert_eq!(again.export, Some(n));
        assert_eq!(s.reduce(ShellAction::ExportDone(n)).export, None);
    }
}
