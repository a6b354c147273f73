use faultline_core::{EventId, IgnoreFor};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testing::issue;

fn stored(seq: u8) -> StoredEvent {
    let mut id = [0u8; 16];
    id[15] = seq;
    let event = Event {
        event_id: EventId::from_random(id),
        ..Event::default()
    };
    StoredEvent::decoded(event, JsValue::NULL)
}

fn data(events: usize) -> IssueData {
    IssueData {
        issue: Some(issue(1, "x")),
        events: (0..events as u8).map(stored).collect(),
        ..IssueData::default()
    }
}

fn start() -> Rc<State> {
    Rc::new(State::new(IssueId(1)))
}

#[wasm_bindgen_test]
fn loads_are_taken_only_for_the_current_version() {
    let s = start();
    assert!(s.loading());
    let s = s.reduce(Action::Changed);
    assert!(s.stale);
    let s = s.reduce(Action::Loaded(0, Box::new(data(1))));
    assert_eq!(s.reload, 1, "a change during the load loads again");
    assert!(s.loading());
    let s = s.reduce(Action::Loaded(0, Box::new(data(5))));
    assert_eq!(
        s.data.events.len(),
        1,
        "a late answer for version 0 is ignored"
    );
    let s = s.reduce(Action::Loaded(1, Box::new(data(2))));
    assert!(!s.loading());
    assert_eq!(s.data.events.len(), 2);
}

#[wasm_bindgen_test]
fn the_latest_event_is_shown_unless_one_is_named() {
    let s = start().reduce(Action::Loaded(0, Box::new(data(3))));
    assert_eq!(s.event_index(None), Some(0));
    let second = s.data.events[1].id();
    assert_eq!(s.event_index(Some(&second)), Some(1));
    assert_eq!(s.event_index(Some("ffff")), None);
    let empty = start().reduce(Action::Loaded(0, Box::new(data(0))));
    assert_eq!(empty.event_index(None), None);
}

#[wasm_bindgen_test]
fn triage_runs_once_then_reloads() {
    let s = start().reduce(Action::Loaded(0, Box::new(data(1))));
    let s = s.reduce(Action::Triage(Triage::Ignore(IgnoreFor::Events(2))));
    let (seq, _) = s.command.clone().unwrap();
    let s = s.reduce(Action::Triage(Triage::Resolve));
    assert_eq!(
        s.command.clone().unwrap().1,
        Change::Triage(Triage::Ignore(IgnoreFor::Events(2)))
    );
    let s = s.reduce(Action::ChangeDone(seq, None));
    assert!(s.command.is_none());
    assert_eq!(s.reload, 1);
}

#[wasm_bindgen_test]
fn export_is_numbered_and_finishes_once() {
    let s = start().reduce(Action::Export);
    let seq = s.export.unwrap();
    assert_eq!(s.clone().reduce(Action::Export).export, Some(seq));
    let s = s.reduce(Action::ExportDone(seq + 7));
    assert!(s.export.is_some());
    assert!(s.reduce(Action::ExportDone(seq)).export.is_none());
}

#[wasm_bindgen_test]
fn chart_for_another_window_is_dropped() {
    let s = start().reduce(Action::SetWindow(Window::MONTH));
    let s = s.reduce(Action::ChartLoaded(Window::DAY, vec![1]));
    assert!(s.chart.is_empty());
    let s = s.reduce(Action::ChartLoaded(Window::MONTH, vec![2]));
    assert_eq!(*s.chart, [2]);
}

#[wasm_bindgen_test]
fn a_failed_load_is_shown_as_an_error() {
    let s = start().reduce(Action::Failed(0, "closed".into()));
    assert_eq!(s.error.as_deref(), Some("closed"));
    assert!(!s.loading());
}

#[wasm_bindgen_test]
fn the_shown_event_is_resolved_once_and_late_answers_are_dropped() {
    let s = start().reduce(Action::Resolving("e1".into()));
    assert_eq!(s.symbols_of("e1"), Some(&Symbols::Pending));
    let again = s.clone().reduce(Action::Resolving("e1".into()));
    assert!(
        Rc::ptr_eq(&s, &again),
        "a second start for the same event changes nothing"
    );
    let done = Symbols::Done(stored(7).event().unwrap());
    let s = s.reduce(Action::Resolved("e1".into(), done.clone()));
    assert_eq!(s.symbols_of("e1"), Some(&done));
    // A reload of the issue keeps what was resolved: frames do not change.
    let s = s.reduce(Action::Changed);
    assert_eq!(s.symbols_of("e1"), Some(&done));
    // Another event is shown: the first one's late answer is not taken for it.
    let s = s.reduce(Action::Resolving("e2".into()));
    let late = s
        .clone()
        .reduce(Action::Resolved("e1".into(), done.clone()));
    assert!(Rc::ptr_eq(&s, &late));
    assert_eq!(s.symbols_of("e1"), None);
    let s = s.reduce(Action::Resolved(
        "e2".into(),
        Symbols::Failed("offline".into()),
    ));
    assert_eq!(s.symbols_of("e2"), Some(&Symbols::Failed("offline".into())));
}

#[wasm_bindgen_test]
fn merges_notes_and_assignments_run_one_at_a_time_and_empty_ones_not_at_all() {
    let s = Rc::new(State::new(IssueId(1)));
    let s = s.reduce(Action::Change(Change::Merge(Vec::new())));
    assert!(s.command.is_none(), "nothing to merge");
    let s = s.reduce(Action::Change(Change::Note("  ".into())));
    assert!(s.command.is_none(), "an empty note");
    let s = s.reduce(Action::Change(Change::Note("seen on checkout".into())));
    let (seq, change) = s.command.clone().unwrap();
    assert_eq!(change, Change::Note("seen on checkout".into()));
    let s = s.reduce(Action::Change(Change::Unmerge(IssueId(2))));
    assert_eq!(s.command.as_ref().map(|c| c.0), Some(seq), "busy");
    let reload = s.reload;
    let s = s.reduce(Action::ChangeDone(seq, None));
    assert!(s.command.is_none());
    assert!(s.reload > reload || s.stale, "the issue is read again");
}
