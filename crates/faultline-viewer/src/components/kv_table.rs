//! A two-column table of keys and values, all text. A long value shows its start until it
//! is asked for: an event may carry 256 KB of `extra` and 64 KB of contexts, and laying all
//! of it out is what made the largest events' pages slow to open.

use std::collections::HashSet;

use yew::prelude::*;

use crate::format::grouped;

/// Characters of a value shown before "Show all".
const PREVIEW_CHARS: usize = 1000;

/// Props of [`KvTable`].
#[derive(Properties, PartialEq)]
pub struct KvTableProps {
    /// Rows of key and value.
    pub rows: Vec<(String, String)>,
}

/// Keys as row headers; multi-line values keep their lines; long values are previewed.
#[function_component(KvTable)]
pub fn kv_table(props: &KvTableProps) -> Html {
    let expanded = use_state(HashSet::<usize>::new);
    html! {
        <table class="kv">
            <tbody>
                { for props.rows.iter().enumerate().map(|(i, (k, v))| {
                    let (shown, hidden) = preview(v, expanded.contains(&i));
                    let on_show = {
                        let expanded = expanded.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut rows = (*expanded).clone();
                            rows.insert(i);
                            expanded.set(rows);
                        })
                    };
                    html! {
                        <tr>
                            <th scope="row">{ k.clone() }</th>
                            <td>
                                if shown.contains('\n') { <pre>{ shown }</pre> } else { { shown } }
                                if hidden > 0 {
                                    <button type="button" class="link show-all" onclick={on_show}>
                                        { format!("Show all ({} more characters)", grouped(hidden as u64)) }
                                    </button>
                                }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// `value` whole (`all`, or short enough), else its first [`PREVIEW_CHARS`] characters and
/// `…`, with how many characters are left out.
fn preview(value: &str, all: bool) -> (String, usize) {
    match value.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) if !all => {
            let hidden = value[end..].chars().count();
            (format!("{}…", &value[..end]), hidden)
        }
        _ => (value.to_string(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn long_values_are_previewed_until_asked_for() {
        assert_eq!(preview("short", false), ("short".to_string(), 0));
        let exact = "é".repeat(PREVIEW_CHARS);
        assert_eq!(preview(&exact, false), (exact.clone(), 0));
        let long = format!("{exact}abc");
        assert_eq!(preview(&long, false), (format!("{exact}…"), 3));
        assert_eq!(preview(&long, true), (long.clone(), 0));
    }
}
