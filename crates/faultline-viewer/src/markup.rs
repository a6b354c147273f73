//! Markup built as text, for the stream's rows and the small pieces they share with other
//! views: the browser parses one string into the table body's 50 rows (about a thousand
//! nodes), instead of the viewer creating each element, attribute and text node through a
//! call of its own, as a filter or a visit would.
//!
//! Tag and attribute names are the viewer's own constants; every text and attribute value
//! is escaped, so nothing an event carries can become markup.

use yew::{AttrValue, Html, TargetCast};

/// An HTML fragment being written.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// An empty fragment with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Markup {
        Markup(String::with_capacity(capacity))
    }

    /// Opens `tag` with `attributes` (name, value), values escaped.
    pub fn open(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// Closes `tag`.
    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `tag` with `attributes` around `text`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attributes).text(text).close(tag)
    }

    /// The fragment as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The fragment as text, for an element's `innerHTML`.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The fragment as a node of the view: Yew parses it into the parent's children and
    /// replaces them only when the text changes.
    pub fn into_html(self) -> Html {
        Html::from_html_unchecked(AttrValue::from(self.0))
    }
}

/// The element matching `selector` that the event `e` landed on or in: how one listener on
/// a written fragment tells which of its links or buttons was clicked.
pub fn clicked(e: &yew::MouseEvent, selector: &str) -> Option<web_sys::Element> {
    let target: web_sys::Element = e.target_dyn_into()?;
    target.closest(selector).ok().flatten()
}

/// `text` with `&`, `<`, `>`, `"` and `'` as character references: safe as element text and
/// as a quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[wasm_bindgen_test]
    fn every_markup_character_is_escaped() {
        assert_eq!(escaped(""), "");
        assert_eq!(escaped("plain é 😀"), "plain é 😀");
        assert_eq!(
            escaped(r#"<img src=x onerror="a('b')">&amp;"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;amp;"
        );
        assert_eq!(escaped("<<>>"), "&lt;&lt;&gt;&gt;");
    }

    #[wasm_bindgen_test]
    fn hostile_text_stays_text_when_the_browser_parses_it() {
        let hostile = r#"</span><script>x()</script><b title="a" onclick='y()'>&lt;"#;
        let mut markup = Markup::default();
        markup
            .open("span", &[("class", "c"), ("title", hostile)])
            .text(hostile)
            .close("span");
        let document = web_sys::window().unwrap().document().unwrap();
        let div = document.create_element("div").unwrap();
        div.set_inner_html(markup.as_str());
        assert_eq!(div.child_element_count(), 1);
        let span = div.first_element_child().unwrap();
        assert_eq!(span.child_element_count(), 0);
        assert_eq!(span.text_content().unwrap(), hostile);
        assert_eq!(span.get_attribute("title").unwrap(), hostile);
        assert_eq!(span.get_attribute("class").unwrap(), "c");
        assert!(span.dyn_ref::<web_sys::HtmlElement>().is_some());
    }
}
