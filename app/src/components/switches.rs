//! An island that, with JavaScript, shows only the fields that apply: an element marked
//! `data-show-when="name=value1|value2"` is hidden unless the form control `name` (a checked
//! radio button or a select) has one of the values. Without JavaScript every field shows, with
//! hints saying when each applies, and the server ignores the ones that do not.

use leptos::prelude::*;

/// Place once in a page whose form has `data-show-when` elements.
#[island]
pub fn FieldSwitches() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::watch();
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{Document, HtmlElement, HtmlInputElement, HtmlSelectElement};

    /// The value of the checked radio button or the select named `name`.
    fn current_value(document: &Document, name: &str) -> String {
        let checked = format!("input[name=\"{name}\"]:checked");
        if let Ok(Some(input)) = document.query_selector(&checked)
            && let Ok(input) = input.dyn_into::<HtmlInputElement>()
        {
            return input.value();
        }
        let select = format!("select[name=\"{name}\"]");
        if let Ok(Some(select)) = document.query_selector(&select)
            && let Ok(select) = select.dyn_into::<HtmlSelectElement>()
        {
            return select.value();
        }
        String::new()
    }

    fn apply() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(nodes) = document.query_selector_all("[data-show-when]") else {
            return;
        };
        for i in 0..nodes.length() {
            let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
                continue;
            };
            let rule = element.get_attribute("data-show-when").unwrap_or_default();
            if let Some((name, values)) = rule.split_once('=') {
                let current = current_value(&document, name);
                element.set_hidden(!values.split('|').any(|v| v == current));
            }
        }
    }

    /// Applies the rules now and after every change in the page.
    pub fn watch() {
        apply();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let listener = Closure::<dyn Fn()>::new(apply);
            let _ = document
                .add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
            listener.forget();
        }
    }
}
