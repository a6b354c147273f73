//! A two-column table of keys and values, all text.

use yew::prelude::*;

/// Props of [`KvTable`].
#[derive(Properties, PartialEq)]
pub struct KvTableProps {
    /// Rows of key and value.
    pub rows: Vec<(String, String)>,
}

/// Keys as row headers; multi-line values keep their lines.
#[function_component(KvTable)]
pub fn kv_table(props: &KvTableProps) -> Html {
    html! {
        <table class="kv">
            <tbody>
                { for props.rows.iter().map(|(k, v)| html! {
                    <tr>
                        <th scope="row">{ k.clone() }</th>
                        <td>
                            if v.contains('\n') { <pre>{ v.clone() }</pre> } else { { v.clone() } }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
