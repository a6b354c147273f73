//! The stream's table of issues.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use faultline_core::{Issue, IssueId};
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::chart::Window;
use crate::components::IssueRow;
use crate::hooks::use_route;
use crate::route::Route;

/// Props of [`IssueTable`]. The rows and the charts compare by pointer: the stream
/// replaces them (never changes them in place) whenever they change, and comparing 50
/// issues field by field on each of its renders cost a filter about 2 ms.
#[derive(Properties)]
pub struct IssueTableProps {
    /// The issues, in order.
    pub rows: Rc<Vec<Rc<Issue>>>,
    /// Which result the rows are (the search and the page): when it changes, every row is
    /// new, and the table body is built anew, off the document, and put in at once instead
    /// of 50 rows removed and 50 inserted one by one. A sort or a live update keeps it, and
    /// the rows, keyed by issue, move or change in place.
    #[prop_or_default]
    pub result: AttrValue,
    /// Selected issues.
    pub selected: BTreeSet<IssueId>,
    /// The row the keyboard is on.
    pub focus: Option<usize>,
    /// Each issue's chart, once loaded.
    pub charts: Rc<HashMap<IssueId, Vec<u64>>>,
    /// The charts' window.
    pub window: Window,
    /// Now, in milliseconds since the epoch.
    pub now: i64,
    /// Whether newer rows are being loaded (the table dims).
    #[prop_or_default]
    pub loading: bool,
    /// Select or unselect one issue.
    pub on_toggle: Callback<IssueId>,
    /// Select (`true`) or unselect all issues on the page.
    pub on_select_page: Callback<bool>,
}

impl PartialEq for IssueTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
            && self.result == other.result
            && self.selected == other.selected
            && self.focus == other.focus
            && Rc::ptr_eq(&self.charts, &other.charts)
            && self.window == other.window
            && self.now == other.now
            && self.loading == other.loading
            && self.on_toggle == other.on_toggle
            && self.on_select_page == other.on_select_page
    }
}

/// A table with a header row and a row per issue.
#[function_component(IssueTable)]
pub fn issue_table(props: &IssueTableProps) -> Html {
    let all = !props.rows.is_empty() && props.rows.iter().all(|i| props.selected.contains(&i.id));
    let on_select_page = props.on_select_page.clone();
    let router = use_route();
    let on_open = {
        let push = router.push.clone();
        use_callback((), move |id: IssueId, _| push.emit(Route::issue(id)))
    };
    // The row the keyboard moves to is scrolled into view (when another issue gets the
    // focus, not when the same one is re-rendered).
    let body = use_node_ref();
    let focused = props.focus.and_then(|i| props.rows.get(i)).map(|i| i.id);
    {
        let body = body.clone();
        use_effect_with(focused, move |focused| {
            let row = focused
                .and(body.cast::<Element>())
                .and_then(|b| b.query_selector("tr.focused").ok().flatten());
            if let Some(row) = row {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    html! {
        <table class={classes!("issues", props.loading.then_some("loading"))} aria-busy={props.loading.to_string()}>
            <thead key="head">
                <tr>
                    <th scope="col" class="select">
                        <input type="checkbox" checked={all} aria-label="Select all issues on this page"
                            onchange={move |_| on_select_page.emit(!all)} />
                    </th>
                    <th scope="col">{ "Issue" }</th>
                    <th scope="col" class="graph">{ format!("Graph {}", props.window.short()) }</th>
                    <th scope="col" class="num count">{ "Events" }</th>
                    <th scope="col" class="num users">{ "Users" }</th>
                    <th scope="col" class="seen">{ "Last seen" }</th>
                </tr>
            </thead>
            <tbody key={props.result.as_str()} ref={body}>
                { for props.rows.iter().enumerate().map(|(i, issue)| html! {
                    <IssueRow key={issue.id.0} issue={issue.clone()} now={props.now}
                        selected={props.selected.contains(&issue.id)}
                        focused={props.focus == Some(i)}
                        chart={props.charts.get(&issue.id).cloned()}
                        window={props.window}
                        on_toggle={props.on_toggle.clone()} on_open={on_open.clone()} />
                }) }
            </tbody>
        </table>
    }
}
