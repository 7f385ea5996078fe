//! Islands that make forms quicker with JavaScript and are not needed without it.
//! [`FieldSwitches`] shows only the fields that apply: an element marked
//! `data-show-when="name=value1|value2"` is hidden unless the form control `name` (a checked
//! radio button or a select) has one of the values. Without JavaScript every field shows, with
//! hints saying when each applies, and the server ignores the ones that do not.
//! [`TickObjectives`] ticks the strategic objectives a task's category normally serves when the
//! category is chosen; without JavaScript the server ticks them when the form comes back.

use leptos::prelude::*;

/// Place once in a page whose form has `data-show-when` elements.
#[island]
pub fn FieldSwitches() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::watch();
}

/// Place once in a task form, after an element holding `data-category-objectives`
/// (`category=O1 O5;…`) and the names the category select and objective boxes post under
/// (`data-category-field`, `data-objectives-field`): choosing a category ticks its objectives and unticks those the
/// previous category had ticked; objectives ticked by hand stay.
#[island]
pub fn TickObjectives() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::tick_objectives();
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

    /// The objectives of `category` in the table `category=O1 O5;…`.
    fn objectives_of(table: &str, category: &str) -> Vec<String> {
        table
            .split(';')
            .filter_map(|entry| entry.split_once('='))
            .find(|(c, _)| *c == category)
            .map(|(_, codes)| codes.split(' ').map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Ticks a chosen category's objectives, now and on every later choice.
    pub fn tick_objectives() {
        use std::{cell::RefCell, rc::Rc};
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(holder) = document
            .query_selector("[data-category-objectives]")
            .ok()
            .flatten()
        else {
            return;
        };
        let table = holder
            .get_attribute("data-category-objectives")
            .unwrap_or_default();
        let category = holder
            .get_attribute("data-category-field")
            .unwrap_or_else(|| "category".to_owned());
        let objectives = holder
            .get_attribute("data-objectives-field")
            .unwrap_or_else(|| "objectives[]".to_owned());
        let boxes_selector = format!("input[name=\"{objectives}\"]");
        let Some(select) = document
            .query_selector(&format!("select[name=\"{category}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        else {
            return;
        };
        let previous = Rc::new(RefCell::new(select.value()));
        let listener = {
            let select = select.clone();
            Closure::<dyn Fn()>::new(move || {
                let chosen = select.value();
                let new = objectives_of(&table, &chosen);
                let old = objectives_of(&table, &previous.borrow());
                let Ok(boxes) = document.query_selector_all(&boxes_selector) else {
                    return;
                };
                for i in 0..boxes.length() {
                    let Some(input) = boxes
                        .item(i)
                        .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                    else {
                        continue;
                    };
                    let value = input.value();
                    if new.contains(&value) {
                        input.set_checked(true);
                    } else if old.contains(&value) {
                        input.set_checked(false);
                    }
                }
                *previous.borrow_mut() = chosen;
            })
        };
        let _ =
            select.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        listener.forget();
    }
}
