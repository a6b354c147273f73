//! The search box: the query language, submitted with Enter, with what the parser
//! repaired shown underneath and the syntax one click away.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The search input's id: `/` focuses it.
pub const SEARCH_INPUT_ID: &str = "search";

/// Props of [`SearchBar`].
#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    /// The search in effect.
    pub query: AttrValue,
    /// What the lenient parse repaired, one line each.
    #[prop_or_default]
    pub notes: Vec<String>,
    /// Called with the text when submitted.
    pub on_search: Callback<String>,
}

/// A search form.
#[function_component(SearchBar)]
pub fn search_bar(props: &SearchBarProps) -> Html {
    let input = use_node_ref();
    {
        // The input is uncontrolled (a `value` attribute would be re-applied on every render,
        // wiping what is being typed); a new search from elsewhere (a tab, the back button)
        // replaces its text here.
        let input = input.clone();
        use_effect_with(props.query.clone(), move |query| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.set_value(query);
            }
        });
    }
    let onsubmit = {
        let (input, on_search) = (input.clone(), props.on_search.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                on_search.emit(el.value().trim().to_string());
            }
        })
    };
    html! {
        <form class="search" role="search" {onsubmit}>
            <label for={SEARCH_INPUT_ID} class="visually-hidden">{ "Search issues" }</label>
            <input ref={input} id={SEARCH_INPUT_ID} type="search" name="query" autocomplete="off"
                spellcheck="false"
                placeholder="is:unresolved level:error release:1.2 error.type:TypeError user:42 text" />
            <button type="submit">{ "Search" }</button>
            { search_help() }
            if !props.notes.is_empty() {
                <ul class="search-notes" aria-live="polite">
                    { for props.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
        </form>
    }
}

/// The search syntax, in a disclosure: static markup (no element of it ever changes).
fn search_help() -> Html {
    Html::from_html_unchecked(AttrValue::Static(concat!(
        r#"<details class="search-help"><summary>Syntax</summary><dl>"#,
        "<dt>is:</dt><dd>unresolved, resolved, ignored, new, regressed</dd>",
        "<dt>level:</dt><dd>debug, info, warning, error, fatal</dd>",
        "<dt>release: environment: error.type:</dt><dd>exact values</dd>",
        "<dt>user:</dt><dd>id, email, username or ip (user.email: for one)</dd>",
        "<dt>firstSeen: lastSeen:</dt><dd>-24h, +7d, &gt;2026-11-01</dd>",
        "<dt>sort:</dt><dd>date, new, freq, user</dd>",
        "<dt>!term, &quot;a phrase&quot;</dt><dd>negation, quoted text in title or culprit</dd>",
        "</dl></details>",
    )))
}
