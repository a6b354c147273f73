//! The ignore menu: forever, for a while, until it happens N more times or affects N more
//! users, or a custom condition.

use faultline_core::IgnoreFor;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::Dropdown;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Props of [`IgnoreMenu`].
#[derive(Properties, PartialEq)]
pub struct IgnoreMenuProps {
    /// Whether the menu is disabled.
    #[prop_or_default]
    pub disabled: bool,
    /// Called with the condition chosen.
    pub on_ignore: Callback<IgnoreFor>,
}

/// The condition a custom count and unit (`events`, `users`, `minutes`, `hours`, `days`)
/// describe; `None` for a count below 1 or an unknown unit.
pub fn custom_ignore(count: i64, unit: &str) -> Option<IgnoreFor> {
    if count < 1 {
        return None;
    }
    let n = count as u64;
    Some(match unit {
        "events" => IgnoreFor::Events(n),
        "users" => IgnoreFor::Users(n),
        "minutes" => IgnoreFor::Millis(count.saturating_mul(MINUTE)),
        "hours" => IgnoreFor::Millis(count.saturating_mul(HOUR)),
        "days" => IgnoreFor::Millis(count.saturating_mul(24 * HOUR)),
        _ => return None,
    })
}

/// A menu button listing the ways to ignore.
#[function_component(IgnoreMenu)]
pub fn ignore_menu(props: &IgnoreMenuProps) -> Html {
    let count = use_node_ref();
    let unit = use_node_ref();
    let item = |label: &str, choice: IgnoreFor| {
        let on_ignore = props.on_ignore.clone();
        html! {
            <button type="button" role="menuitem" onclick={move |_| on_ignore.emit(choice)}>
                { label.to_string() }
            </button>
        }
    };
    let on_custom = {
        let (count, unit, on_ignore) = (count.clone(), unit.clone(), props.on_ignore.clone());
        Callback::from(move |_: MouseEvent| {
            // Uncontrolled (re-renders must not reset what is typed); empty means the hint, 2.
            let n = count.cast::<HtmlInputElement>().map_or(0.0, |i| {
                if i.value().is_empty() {
                    2.0
                } else {
                    i.value_as_number()
                }
            });
            let u = unit.cast::<HtmlSelectElement>().map(|s| s.value());
            let n = if n.is_finite() { n as i64 } else { 0 };
            if let Some(choice) = u.and_then(|u| custom_ignore(n, &u)) {
                on_ignore.emit(choice);
            }
        })
    };
    html! {
        <Dropdown label="Ignore" class="ignore-menu" disabled={props.disabled}>
            { item("Forever", IgnoreFor::Forever) }
            <div class="menu-heading">{ "For" }</div>
            { item("30 minutes", IgnoreFor::Millis(30 * MINUTE)) }
            { item("2 hours", IgnoreFor::Millis(2 * HOUR)) }
            { item("24 hours", IgnoreFor::Millis(24 * HOUR)) }
            <div class="menu-heading">{ "Until it happens again" }</div>
            { item("10 more times", IgnoreFor::Events(10)) }
            { item("100 more times", IgnoreFor::Events(100)) }
            <div class="menu-heading">{ "Until it affects" }</div>
            { item("10 more users", IgnoreFor::Users(10)) }
            <div class="menu-heading">{ "Custom" }</div>
            { custom_form(count, unit, on_custom) }
        </Dropdown>
    }
}

/// "Until [2] [more events]" and its button; the inputs are uncontrolled, read on click.
fn custom_form(count: NodeRef, unit: NodeRef, on_custom: Callback<MouseEvent>) -> Html {
    html! {
        <div class="ignore-custom">
            <label>{ "Until" }
                <input ref={count} type="number" min="1" name="ignore-count" placeholder="2" />
            </label>
            <select ref={unit} aria-label="Unit" name="ignore-unit">
                <option value="events" selected=true>{ "more events" }</option>
                <option value="users">{ "more users" }</option>
                <option value="minutes">{ "minutes pass" }</option>
                <option value="hours">{ "hours pass" }</option>
                <option value="days">{ "days pass" }</option>
            </select>
            <button type="button" role="menuitem" class="apply" onclick={on_custom}>{ "Ignore" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn custom_conditions() {
        assert_eq!(custom_ignore(2, "events"), Some(IgnoreFor::Events(2)));
        assert_eq!(custom_ignore(3, "users"), Some(IgnoreFor::Users(3)));
        assert_eq!(
            custom_ignore(90, "minutes"),
            Some(IgnoreFor::Millis(90 * MINUTE))
        );
        assert_eq!(custom_ignore(1, "days"), Some(IgnoreFor::Millis(24 * HOUR)));
        assert_eq!(custom_ignore(0, "events"), None);
        assert_eq!(custom_ignore(5, "weeks"), None);
    }
}
