use faultline_core::IgnoreFor;
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::testing::issue;

fn start(query: &str) -> Rc<State> {
    Rc::new(State::new(query, None))
}

fn rows(ids: &[u64]) -> PageResult {
    PageResult {
        rows: ids.iter().map(|&id| issue(id, "x")).collect(),
        has_next: true,
        next: Some(IssueCursor {
            key: 1.0,
            id: IssueId(ids.last().copied().unwrap_or(0)),
        }),
        ..PageResult::default()
    }
}

fn loaded(state: Rc<State>, ids: &[u64]) -> Rc<State> {
    let key = state.load_key();
    state.reduce(Action::Loaded(key, rows(ids)))
}

#[wasm_bindgen_test]
fn a_result_for_an_old_search_is_ignored() {
    let s = start("is:unresolved");
    let old_key = s.load_key();
    let s = s.reduce(Action::SetView {
        query: "level:error".into(),
        sort: None,
    });
    assert!(s.loading());
    let s = s.reduce(Action::Loaded(old_key, rows(&[1])));
    assert!(s.rows.is_empty(), "the old answer must not show");
    let s = loaded(s, &[2]);
    assert!(!s.loading());
    assert_eq!(s.rows[0].id, IssueId(2));
}

#[wasm_bindgen_test]
fn a_page_read_before_the_first_render_is_shown_only_for_its_own_view() {
    let s = State::new("is:unresolved", None);
    let key = s.load_key();
    let s = s.with_page(key.clone(), Ok(rows(&[4, 5])));
    assert!(
        !s.loading(),
        "the rows are the view's: nothing left to load"
    );
    assert_eq!(s.rows.len(), 2);
    assert!(s.has_next);

    let other = State::new("level:error", None).with_page(key.clone(), Ok(rows(&[4])));
    assert!(
        other.loading() && other.rows.is_empty(),
        "another view's page"
    );

    let failed = State::new("is:unresolved", None).with_page(key, Err("gone".into()));
    assert!(!failed.loading());
    assert_eq!(failed.error.as_deref(), Some("gone"));
}

#[wasm_bindgen_test]
fn a_change_while_loading_loads_once_more() {
    let s = start("");
    let s = s.reduce(Action::Changed);
    assert!(s.stale);
    let reload = s.reload;
    let s = loaded(s, &[1]);
    assert!(!s.stale);
    assert_eq!(s.reload, reload + 1);
    assert!(s.loading(), "the follow-up load is due");
    let s = loaded(s, &[1]);
    let s = s.reduce(Action::Changed);
    assert!(s.loading() && !s.stale, "idle: reload at once");
}

#[wasm_bindgen_test]
fn paging_walks_cursors_forward_and_back() {
    let s = loaded(start(""), &[9, 8]);
    let s = s.reduce(Action::NextPage);
    assert_eq!(s.page, 1);
    assert_eq!(s.load_key().cursor.map(|c| c.id), Some(IssueId(8)));
    let s = loaded(s, &[7]);
    let s = s.reduce(Action::PrevPage);
    assert_eq!(s.page, 0);
    assert_eq!(s.load_key().cursor, None);
    let s = s.reduce(Action::PrevPage);
    assert_eq!(s.page, 0);
}

#[wasm_bindgen_test]
fn next_page_waits_for_the_current_load() {
    let s = start("");
    let s = s.reduce(Action::NextPage);
    assert_eq!(s.page, 0);
}

#[wasm_bindgen_test]
fn selection_keeps_only_issues_still_shown() {
    let s = loaded(start(""), &[1, 2, 3]);
    let s = s.reduce(Action::Toggle(IssueId(1)));
    let s = s.reduce(Action::Toggle(IssueId(3)));
    let s = s.reduce(Action::Toggle(IssueId(3)));
    assert_eq!(s.targets(), [IssueId(1)]);
    let s = s.reduce(Action::SelectPage(true));
    assert!(s.page_selected());
    let s = s.reduce(Action::Changed);
    let s = loaded(s, &[2, 3]);
    assert_eq!(s.selected.len(), 2);
    let s = s.reduce(Action::SelectPage(false));
    assert!(s.selected.is_empty());
}

#[wasm_bindgen_test]
fn focus_moves_within_the_rows_and_is_the_shortcut_target() {
    let s = loaded(start(""), &[1, 2]);
    assert!(s.targets().is_empty());
    let s = s.reduce(Action::FocusNext);
    assert_eq!(s.focus, Some(0));
    let s = s.reduce(Action::FocusNext).reduce(Action::FocusNext);
    assert_eq!(s.focus, Some(1));
    assert_eq!(s.targets(), [IssueId(2)]);
    let s = s.reduce(Action::FocusPrev).reduce(Action::FocusPrev);
    assert_eq!(s.focus, Some(0));
    let s = s.reduce(Action::Changed);
    let s = loaded(s, &[]);
    assert_eq!(s.focus, None, "no rows, no focus");
}

#[wasm_bindgen_test]
fn triage_runs_one_command_at_a_time_then_reloads() {
    let s = loaded(start(""), &[1, 2]);
    let s = s.reduce(Action::SelectPage(true));
    let ignore = Triage::Ignore(IgnoreFor::Events(2));
    let targets = s.targets();
    let s = s.reduce(Action::Triage(targets, ignore));
    let command = s.command.clone().unwrap();
    assert_eq!(command.ids, [IssueId(1), IssueId(2)]);
    assert_eq!(command.job, Job::Triage(ignore));
    let s = s.reduce(Action::Triage(vec![IssueId(1)], Triage::Resolve));
    assert_eq!(s.command.as_ref().unwrap().seq, command.seq, "busy");
    let reload = s.reload;
    let s = s.reduce(Action::CommandDone(command.seq, None));
    assert!(s.command.is_none() && s.selected.is_empty());
    assert_eq!(s.reload, reload + 1);
}

#[wasm_bindgen_test]
fn a_failed_triage_keeps_the_selection() {
    let s = loaded(start(""), &[1]);
    let s = s.reduce(Action::Toggle(IssueId(1)));
    let targets = s.targets();
    let s = s.reduce(Action::Triage(targets, Triage::Resolve));
    let seq = s.command_seq;
    let s = s.reduce(Action::CommandDone(seq, Some("rolled back".into())));
    assert_eq!(s.selected.len(), 1);
}

#[wasm_bindgen_test]
fn a_new_search_resets_page_and_selection_but_keeps_rows_until_answered() {
    let s = loaded(start(""), &[1, 2]);
    let s = s.reduce(Action::NextPage);
    let s = loaded(s, &[3]);
    let s = s.reduce(Action::Toggle(IssueId(3)));
    let s = s.reduce(Action::SetView {
        query: "checkout".into(),
        sort: Some(SortKey::Freq),
    });
    assert_eq!((s.page, s.selected.len()), (0, 0));
    assert_eq!(s.rows.len(), 1, "old rows stay (dimmed) while loading");
    assert_eq!(s.load_key().sort, SortKey::Freq);
}

#[wasm_bindgen_test]
fn a_scan_snapshot_is_kept_until_the_data_changes() {
    let s = start("checkout");
    let key = s.load_key();
    let result = PageResult {
        snapshot: Some(Rc::new(Snapshot::new(vec![issue(1, "x")]))),
        ..PageResult::default()
    };
    let s = s.reduce(Action::Loaded(key, result));
    assert!(s.snapshot.is_some());
    let s = s.reduce(Action::SetView {
        query: "checkout level:error".into(),
        sort: None,
    });
    assert!(s.snapshot.is_some(), "a new search reuses it");
    let s = s.reduce(Action::Changed);
    assert!(s.snapshot.is_none());
}

#[wasm_bindgen_test]
fn charts_for_another_window_are_dropped() {
    let s = start("");
    let s = s.reduce(Action::SetWindow(Window::FORTNIGHT));
    let charts = HashMap::from([(IssueId(1), vec![1, 2])]);
    let s = s.reduce(Action::ChartsLoaded(Window::DAY, charts.clone()));
    assert!(s.charts.is_empty());
    let s = s.reduce(Action::ChartsLoaded(Window::FORTNIGHT, charts));
    assert_eq!(s.charts[&IssueId(1)], [1, 2]);
}

#[wasm_bindgen_test]
fn the_query_is_parsed_leniently_with_notes() {
    let s = start("level:loud checkout");
    assert_eq!(s.notes.len(), 1);
    assert_eq!(s.query.terms.len(), 2);
}

#[wasm_bindgen_test]
fn a_prefetched_snapshot_counts_only_for_its_data_version() {
    let s = loaded(start(""), &[1]);
    assert!(s.wants_prefetch());
    let all = Rc::new(Snapshot::new(vec![issue(1, "x"), issue(2, "y")]));
    let stale = s
        .clone()
        .reduce(Action::Prefetched(s.reload + 1, all.clone()));
    assert!(stale.snapshot.is_none());
    let s = s.reduce(Action::Prefetched(0, all));
    assert_eq!(s.snapshot.as_ref().map(|a| a.issues.len()), Some(2));
    assert!(!s.wants_prefetch());
    let s = s.reduce(Action::Changed);
    assert!(
        s.snapshot.is_none() && !s.wants_prefetch(),
        "reloading first"
    );
}

#[wasm_bindgen_test]
fn a_merge_takes_exactly_the_selection_and_the_chosen_primary() {
    let mut page = rows(&[1, 2, 3, 4]);
    page.rows[2].count = 9;
    let s = start("").reduce(Action::Loaded(start("").load_key(), page));
    assert!(
        s.clone().reduce(Action::ChooseMerge).merging.is_none(),
        "nothing selected"
    );
    let s = s
        .reduce(Action::Toggle(IssueId(2)))
        .reduce(Action::Toggle(IssueId(3)));
    let s = s.reduce(Action::ChooseMerge);
    assert_eq!(
        s.merging,
        Some(IssueId(3)),
        "the most events stays by default"
    );
    let s = s.reduce(Action::PickPrimary(IssueId(4)));
    assert_eq!(
        s.merging,
        Some(IssueId(3)),
        "only a selected issue can stay"
    );
    let s = s
        .reduce(Action::PickPrimary(IssueId(2)))
        .reduce(Action::Merge);
    let command = s.command.clone().unwrap();
    assert_eq!(
        command.ids,
        [IssueId(2), IssueId(3)],
        "the selection, never the page"
    );
    assert_eq!(
        command.job,
        Job::Merge {
            primary: IssueId(2)
        }
    );
    assert_eq!(s.merging, None);
    let grouping = s.grouping_seq;
    let s = s.reduce(Action::CommandDone(command.seq, None));
    assert!(s.selected.is_empty());
    assert_eq!(s.grouping_seq, grouping + 1);
}

#[wasm_bindgen_test]
fn changing_the_selection_closes_the_merge_and_one_issue_cannot_merge() {
    let s = loaded(start(""), &[1, 2]);
    let s = s.reduce(Action::Toggle(IssueId(1)));
    assert_eq!(s.clone().reduce(Action::ChooseMerge).merging, None);
    let s = s
        .reduce(Action::Toggle(IssueId(2)))
        .reduce(Action::ChooseMerge);
    assert!(s.merging.is_some());
    let s = s.reduce(Action::Toggle(IssueId(2)));
    assert_eq!(s.merging, None);
    assert!(s.clone().reduce(Action::Merge).command.is_none());
}

#[wasm_bindgen_test]
fn a_regroup_is_one_command_and_reads_the_grouping_again() {
    let s = loaded(start(""), &[1]);
    let s = s.reduce(Action::GroupingLoaded(Grouping {
        outdated: 3,
        from: vec!["faultline:2".into()],
        to: "faultline:3".into(),
        can_undo: false,
    }));
    let s = s.reduce(Action::Regroup);
    let command = s.command.clone().unwrap();
    assert_eq!(command.job, Job::Regroup);
    let undo = s.clone().reduce(Action::UndoRegroup);
    assert_eq!(
        undo.command.as_ref().map(|c| c.seq),
        Some(command.seq),
        "one command at a time"
    );
    let seq = s.grouping_seq;
    let s = s.reduce(Action::CommandDone(command.seq, None));
    assert_eq!(s.grouping_seq, seq + 1);
    assert_eq!(
        s.grouping.as_ref().map(|g| g.outdated),
        Some(3),
        "until read again"
    );
}
