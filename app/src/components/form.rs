//! Form fields that show their problem next to them, in the user's language, and keep what
//! the user typed after a failed submit (with JavaScript the browser keeps it; without, the
//! server sends it back inside the error).

use crate::error::AppError;
use crate::i18n::use_texts;
use leptos::prelude::*;

/// The latest error of a form's action, if its last submission failed.
pub type FormError = Signal<Option<AppError>>;

/// The error of `action`'s latest result.
pub fn form_error<S>(action: ServerAction<S>) -> FormError
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

fn problem_text(error: FormError, name: &'static str) -> Option<&'static str> {
    let t = use_texts();
    error
        .get()
        .and_then(|e| e.form_errors().and_then(|f| f.problem(name)))
        .map(|p| p.text(t))
}

fn typed_value(error: FormError, name: &'static str) -> Option<String> {
    error.get().and_then(|e| {
        e.form_errors()
            .and_then(|f| f.value(name).map(str::to_owned))
    })
}

/// A message for the form as a whole, announced to screen readers.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    let t = use_texts();
    move || {
        error.get().map(|e| {
            view! {
                <p class="form-alert" role="alert">
                    {e.message(t)}
                </p>
            }
        })
    }
}

/// A success message shown after a redirect (`?done=...`).
#[component]
pub fn Notice(#[prop(into)] text: Signal<Option<&'static str>>) -> impl IntoView {
    move || {
        text.get()
            .map(|text| view! { <p class="notice" role="status">{text}</p> })
    }
}

/// The `aria-describedby` of a field: its hint, if any, and its problem while there is one.
fn described_by(
    hint_id: Option<String>,
    problem_id: String,
    has_problem: impl Fn() -> bool + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = hint_id
            .iter()
            .map(String::as_str)
            .chain(has_problem().then_some(problem_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The id of a field: `field-{name}`, or `field-{form}-{name}` where a page has several forms
/// with the same field.
fn field_id(form: Option<&'static str>, name: &'static str) -> String {
    match form {
        Some(form) => format!("field-{form}-{}", list_key(name)),
        None => format!("field-{}", list_key(name)),
    }
}

/// A labelled text input (or email, password, tel) with its problem beneath it.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    error: FormError,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(form, name);
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let is_password = input_type == Some("password");
    let shown = move || {
        if is_password {
            String::new()
        } else {
            typed_value(error, name).unwrap_or_else(|| value.clone())
        }
    };
    let problem = move || problem_text(error, name);
    let described = described_by(
        hint.map(|_| hint_id.clone()),
        problem_id.clone(),
        move || problem().is_some(),
    );
    view! {
        <div class="field" class:has-problem=move || problem().is_some()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=posted(name)
                type=input_type.unwrap_or("text")
                value=shown
                required=required
                autocomplete=autocomplete
                maxlength=maxlength.map(|m| m.to_string())
                lang=lang
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described
            />
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </div>
    }
}

/// Options of a select, possibly grouped (`<optgroup>`).
#[derive(Clone, Debug, Default)]
pub struct Choices {
    /// (group label, [(value, label)]); a group with an empty label is shown ungrouped.
    pub groups: Vec<(String, Vec<(String, String)>)>,
}

impl Choices {
    pub fn flat(options: impl IntoIterator<Item = (String, String)>) -> Choices {
        Choices {
            groups: vec![(String::new(), options.into_iter().collect())],
        }
    }
}

/// The places of the territory as select options: flat, or grouped under their parents
/// (districts under regions, municipalities under districts).
pub fn place_choices(
    places: &[crate::domain::views::Place],
    parents: &[crate::domain::views::Place],
    lang: crate::i18n::Lang,
) -> Choices {
    if parents.is_empty() {
        return Choices::flat(
            places
                .iter()
                .map(|p| (p.code.clone(), p.name.get(lang).to_owned())),
        );
    }
    Choices {
        groups: parents
            .iter()
            .map(|parent| {
                let options = places
                    .iter()
                    .filter(|p| p.parent_code.as_deref() == Some(parent.code.as_str()))
                    .map(|p| (p.code.clone(), p.name.get(lang).to_owned()))
                    .collect::<Vec<_>>();
                (parent.name.get(lang).to_owned(), options)
            })
            .filter(|(_, options)| !options.is_empty())
            .collect(),
    }
}

/// A labelled select with its problem beneath it. `blank` adds an empty first option.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    choices: Choices,
    #[prop(into, optional)] value: String,
    error: FormError,
    #[prop(optional)] required: bool,
    #[prop(optional)] blank: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(form, name);
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let selected =
        Signal::derive(move || typed_value(error, name).unwrap_or_else(|| value.clone()));
    let problem = move || problem_text(error, name);
    let option = move |(value, label): (String, String)| {
        let is_selected = {
            let value = value.clone();
            move || selected.get() == value
        };
        view! { <option value=value selected=is_selected>{label}</option> }
    };
    let groups = choices
        .groups
        .into_iter()
        .map(|(group, options)| {
            let options = options.into_iter().map(option).collect_view();
            if group.is_empty() {
                view! { {options} }.into_any()
            } else {
                view! { <optgroup label=group>{options}</optgroup> }.into_any()
            }
        })
        .collect_view();
    let described = described_by(
        hint.map(|_| hint_id.clone()),
        problem_id.clone(),
        move || problem().is_some(),
    );
    view! {
        <div class="field" class:has-problem=move || problem().is_some()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <select
                id=id.clone()
                name=posted(name)
                required=required
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described
            >
                {blank.map(|text| view! { <option value="">{text}</option> })}
                {groups}
            </select>
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </div>
    }
}

/// A labelled checkbox (sent as `on` when ticked) with its problem beneath it.
#[component]
pub fn CheckboxField(
    label: &'static str,
    name: &'static str,
    checked: bool,
    error: FormError,
) -> impl IntoView {
    let id = format!("field-{name}");
    let problem_id = format!("{id}-problem");
    let problem = move || problem_text(error, name);
    let is_checked = move || {
        error
            .get()
            .and_then(|e| e.form_errors().map(|f| f.value(name) == Some("on")))
            .unwrap_or(checked)
    };
    view! {
        <div class="field checkbox" class:has-problem=move || problem().is_some()>
            <input
                id=id.clone()
                name=posted(name)
                type="checkbox"
                checked=is_checked
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=problem_id.clone()
            />
            <label for=id.clone()>{label}</label>
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </div>
    }
}

/// Inside a form whose server function takes one struct argument (`create_task(form: TaskForm)`),
/// the argument's name: its fields post as `form[title_ru]`, lists as `form[objectives][]`.
/// Provided by the component that renders the form's fields; problems and typed values keep
/// the plain field names.
#[derive(Clone, Copy, Debug)]
pub struct FormPrefix(pub &'static str);

/// Renders a form's fields (and its submit buttons, when they carry a value) under the struct
/// argument `form` of the server function it posts to.
#[component]
pub fn FormFields(children: Children) -> impl IntoView {
    view! { <leptos::context::Provider value=FormPrefix("form")>{children()}</leptos::context::Provider> }
}

/// A `data-show-when` rule (see `components::switches`): show while the control `name` holds
/// one of `values` (`a|b`), naming the control as it posts.
pub fn show_when(name: &str, values: &str) -> String {
    format!("{}={values}", posted(name))
}

/// The name a field posts under: `name` itself, or inside a [`FormPrefix`] `prefix[name]`
/// (and `prefix[list][]` for a many-valued `list[]`).
pub fn posted(name: &str) -> String {
    match use_context::<FormPrefix>() {
        Some(FormPrefix(prefix)) => match name.strip_suffix("[]") {
            Some(list) => format!("{prefix}[{list}][]"),
            None => format!("{prefix}[{name}]"),
        },
        None => name.to_owned(),
    }
}

/// The `name` a many-valued field posts under (`objectives[]`), and the key its typed values
/// come back under (`objectives`).
fn list_key(name: &'static str) -> &'static str {
    name.strip_suffix("[]").unwrap_or(name)
}

/// A labelled multi-line text box with its problem beneath it.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    error: FormError,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(form, name);
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let shown = move || typed_value(error, name).unwrap_or_else(|| value.clone());
    let problem = move || problem_text(error, name);
    let described = described_by(
        hint.map(|_| hint_id.clone()),
        problem_id.clone(),
        move || problem().is_some(),
    );
    view! {
        <div class="field" class:has-problem=move || problem().is_some()>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <textarea
                id=id.clone()
                name=posted(name)
                rows=rows.unwrap_or(4).to_string()
                required=required
                lang=lang
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described
            >
                {shown}
            </textarea>
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </div>
    }
}

/// A group of checkboxes posting `name` (ending in `[]`) once per ticked box, in a fieldset
/// with its legend and problem.
#[component]
pub fn CheckboxGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] checked: Vec<String>,
    error: FormError,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let key = list_key(name);
    let id = format!("field-{key}");
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let problem = move || problem_text(error, key);
    let chosen = move || {
        error
            .get()
            .and_then(|e| {
                e.form_errors()
                    .map(|f| f.values_of(key).into_iter().map(str::to_owned).collect())
            })
            .unwrap_or_else(|| checked.clone())
    };
    let chosen = Signal::derive(chosen);
    let boxes = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let box_id = format!("{id}-{i}");
            let is_checked = {
                let value = value.clone();
                move || chosen.get().contains(&value)
            };
            view! {
                <div class="checkbox">
                    <input id=box_id.clone() type="checkbox" name=posted(name) value=value checked=is_checked/>
                    <label for=box_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let described = described_by(
        hint.map(|_| hint_id.clone()),
        problem_id.clone(),
        move || problem().is_some(),
    );
    view! {
        <fieldset
            class="field choices"
            class:has-problem=move || problem().is_some()
            id=id.clone()
            aria-describedby=described
        >
            <legend>
                {legend}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {boxes}
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </fieldset>
    }
}

/// Radio buttons for one of a few choices, in a fieldset with its legend and problem.
#[component]
pub fn RadioGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] value: String,
    error: FormError,
) -> impl IntoView {
    let id = format!("field-{name}");
    let problem_id = format!("{id}-problem");
    let problem = move || problem_text(error, name);
    let selected =
        Signal::derive(move || typed_value(error, name).unwrap_or_else(|| value.clone()));
    let radios = options
        .into_iter()
        .map(|(value, label)| {
            let radio_id = format!("{id}-{value}");
            view! {
                <div class="checkbox">
                    <input
                        id=radio_id.clone()
                        type="radio"
                        name=posted(name)
                        value=value
                        checked=move || selected.get() == value
                    />
                    <label for=radio_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field choices"
            class:has-problem=move || problem().is_some()
            id=id
            aria-describedby=problem_id.clone()
        >
            <legend>{legend}</legend>
            {radios}
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </fieldset>
    }
}

/// A labelled `<select multiple>` posting `name` (ending in `[]`) once per chosen option.
#[component]
pub fn MultiSelect(
    label: &'static str,
    name: &'static str,
    choices: Choices,
    error: FormError,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] selected: Vec<String>,
) -> impl IntoView {
    let key = list_key(name);
    let id = format!("field-{key}");
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let problem = move || problem_text(error, key);
    let chosen = Signal::derive(move || {
        error
            .get()
            .and_then(|e| {
                e.form_errors().map(|f| {
                    f.values_of(key)
                        .into_iter()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_else(|| selected.clone())
    });
    let groups = choices
        .groups
        .into_iter()
        .map(|(group, options)| {
            let options = options
                .into_iter()
                .map(|(value, label)| {
                    let is_selected = {
                        let value = value.clone();
                        move || chosen.get().contains(&value)
                    };
                    view! { <option value=value selected=is_selected>{label}</option> }
                })
                .collect_view();
            view! { <optgroup label=group>{options}</optgroup> }
        })
        .collect_view();
    let described = described_by(
        hint.map(|_| hint_id.clone()),
        problem_id.clone(),
        move || problem().is_some(),
    );
    view! {
        <div class="field" class:has-problem=move || problem().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <select
                id=id.clone()
                name=posted(name)
                multiple=true
                size="6"
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described
            >
                {groups}
            </select>
            <p class="problem" id=problem_id.clone() aria-live="polite">{problem}</p>
        </div>
    }
}
