//! Users: the list (each role sees what the policy allows), a user's page (with the edit form,
//! one-time passwords and deactivation for administrators), and the form for a new user.

use crate::api::users::{
    CreateUser, ResetUserPassword, UpdateUser, get_user_page, list_users, organization_choices,
};
use crate::components::{
    form::{
        CheckboxField, Choices, FormAlert, FormError, FormFields, Notice, SelectField, TextField,
        form_error,
    },
    layout::{abilities, use_session},
    outcome::{ForbiddenPage, error_view},
    route::use_record_key,
};
use crate::domain::{
    filters::UserFilter,
    roles::Role,
    views::{Organization, User},
};
use crate::error::AppError;
use crate::i18n::{Lang, format_datetime, format_number, use_lang, use_texts};
use crate::pages::organizations::Pager;
use crate::pages::security::UserSecurity;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

/// A table of users, linking to their pages.
#[component]
pub fn UserTable(users: Vec<User>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    if users.is_empty() {
        return view! { <p>{t.nothing_found}</p> }.into_any();
    }
    let rows = users
        .into_iter()
        .map(|u| {
            let last = u
                .last_login_at
                .map(|at| format_datetime(lang, at))
                .unwrap_or_else(|| t.never.to_owned());
            view! {
                <tr>
                    <td>
                        <A href=format!("/users/{}", u.user_id)>{u.full_name.clone()}</A>
                        {u.is_demo.then(|| view! { " " <span class="badge">{t.demo_badge}</span> })}
                    </td>
                    <td>{u.email.clone()}</td>
                    <td>{u.organization_name.get(lang).to_owned()}</td>
                    <td>{u.role.label(t)}</td>
                    <td>{if u.is_active { t.active } else { t.inactive }}</td>
                    <td>{last}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.full_name}</th>
                        <th scope="col">{t.email}</th>
                        <th scope="col">{t.organization}</th>
                        <th scope="col">{t.role}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{t.last_login}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || UserFilter::parse(|k| query.read().get(k));
    let page = Resource::new_blocking(filter, list_users);
    let session = use_session();
    view! {
        <Title text=t.users_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let admin = abilities(&session.await).manage_users;
                let head = view! {
                    <div class="page-head">
                        <h1>{t.users_title}</h1>
                        {admin.then(|| view! {
                            <A href="/security" attr:class="button">{t.security.policy_link}</A>
                            " "
                            <A href="/users/new" attr:class="button">{t.user_new}</A>
                        })}
                    </div>
                };
                let current = filter();
                match page.await {
                    Err(error) => error_view(error),
                    Ok(page) => {
                        let role_options = Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=current.role == Some(r)>{r.label(t)}</option> })
                            .collect_view();
                        view! {
                            {head}
                            <Form method="GET" action="" attr:class="filters">
                                {current.organization_id.map(|id| view! { <input type="hidden" name="organization" value=id.0/> })}
                                <div class="field">
                                    <label for="filter-q">{t.search}</label>
                                    <input id="filter-q" type="search" name="q" value=current.q.clone().unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for="filter-role">{t.role}</label>
                                    <select id="filter-role" name="role">
                                        <option value="">{t.all}</option>
                                        {role_options}
                                    </select>
                                </div>
                                <button type="submit">{t.filter}</button>
                            </Form>
                            <p class="count">{format!("{}: {} / {}", t.results_count, page.rows.len(), format_number(lang, page.total))}</p>
                            <UserTable users=page.rows.clone()/>
                            <Pager page=page.page pages=page.page_count()/>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn organization_list(organizations: &[Organization], lang: Lang) -> Choices {
    Choices::flat(
        organizations
            .iter()
            .map(|o| (o.organization_id.to_string(), o.name.get(lang).to_owned())),
    )
}

fn role_choices(t: &'static crate::i18n::Texts) -> Choices {
    Choices::flat(
        Role::ALL
            .into_iter()
            .map(|r| (r.as_str().to_owned(), r.label(t).to_owned())),
    )
}

fn language_choices() -> Choices {
    Choices::flat(
        Lang::ALL
            .into_iter()
            .map(|l| (l.code().to_owned(), l.native_name().to_owned())),
    )
}

/// The fields of a user account, empty for a new one.
#[component]
fn UserFields(
    user: Option<User>,
    organizations: Vec<Organization>,
    error: FormError,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let u = user;
    let get = |f: fn(&User) -> String| u.as_ref().map(f).unwrap_or_default();
    view! {
        <TextField label=t.full_name name="full_name" value=get(|u| u.full_name.clone()) required=true maxlength=200 error/>
        <TextField label=t.email name="email" input_type="email" value=get(|u| u.email.clone()) required=true error/>
        <SelectField
            label=t.organization
            name="organization_id"
            choices=organization_list(&organizations, lang)
            value=get(|u| u.organization_id.to_string())
            blank=t.none
            required=true
            error
        />
        <SelectField label=t.role name="role" choices=role_choices(t) value=get(|u| u.role.as_str().to_owned()) blank=t.none required=true error/>
        <SelectField
            label=t.preferred_language
            name="language"
            choices=language_choices()
            value=u.as_ref().map(|u| u.language).unwrap_or(lang).code().to_owned()
            required=true
            error
        />
        <CheckboxField label=t.is_active name="is_active" checked=u.as_ref().is_none_or(|u| u.is_active) error/>
        <p class="hint">{t.deactivate_note}</p>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_user_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("created") => Some(t.user_created),
        Some("saved") | Some("reset") | Some("second-factor") => Some(t.saved),
        Some("session") => Some(t.security.session_ended),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(page) => view! { <UserDetails page done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserDetails(
    page: crate::domain::views::UserPage,
    done: Signal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let u = page.user;
    let one_time = page.one_time_password.map(|password| {
        view! {
            <section class="one-time" aria-labelledby="otp-heading">
                <h2 id="otp-heading">{t.one_time_password}</h2>
                <p><code class="otp" data-testid="one-time-password">{password}</code></p>
                <p>{t.one_time_password_note}</p>
            </section>
        }
    });
    let last = u
        .last_login_at
        .map(|at| format_datetime(lang, at))
        .unwrap_or_else(|| t.never.to_owned());
    let editable = u.clone();
    let manage = page.organization_choices.map(move |organizations| {
        let user_id = editable.user_id.0;
        let editable_id = editable.user_id;
        let update = ServerAction::<UpdateUser>::new();
        let reset = ServerAction::<ResetUserPassword>::new();
        let error = form_error(update);
        let reset_error = form_error(reset);
        view! {
            <section aria-labelledby="edit-heading">
                <h2 id="edit-heading">{t.user_edit}</h2>
                <ActionForm action=update attr:class="stack" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="user_id" value=user_id/>
                    <FormFields><UserFields user=Some(editable) organizations error/></FormFields>
                    <button type="submit" class="primary">{t.save}</button>
                </ActionForm>
            </section>
            <section aria-labelledby="reset-heading">
                <h2 id="reset-heading">{t.reset_password}</h2>
                <p>{t.reset_password_note}</p>
                <ActionForm action=reset attr:class="inline-form">
                    <FormAlert error=reset_error/>
                    <input type="hidden" name="user_id" value=user_id/>
                    <button type="submit">{t.reset_password}</button>
                </ActionForm>
            </section>
            <UserSecurity user_id=editable_id/>
        }
    });
    view! {
        <Title text=u.full_name.clone()/>
        <Notice text=done/>
        <h1>
            {u.full_name.clone()}
            {u.is_demo.then(|| view! { " " <span class="badge">{t.demo_badge}</span> })}
        </h1>
        {one_time}
        <dl class="details">
            <div><dt>{t.email}</dt><dd>{u.email.clone()}</dd></div>
            <div>
                <dt>{t.organization}</dt>
                <dd><A href=format!("/organizations/{}", u.organization_id)>{u.organization_name.get(lang).to_owned()}</A></dd>
            </div>
            <div><dt>{t.role}</dt><dd>{u.role.label(t)}</dd></div>
            <div><dt>{t.preferred_language}</dt><dd>{u.language.native_name()}</dd></div>
            <div><dt>{t.status}</dt><dd>{if u.is_active { t.active } else { t.inactive }}</dd></div>
            <div><dt>{t.last_login}</dt><dd>{last}</dd></div>
        </dl>
        {manage}
    }
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let choices = Resource::new_blocking(|| (), |_| organization_choices());
    let create = ServerAction::<CreateUser>::new();
    let error = form_error(create);
    view! {
        <Title text=t.user_new/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (me, may) = match session.await {
                    Ok(info) => (info.me, info.may),
                    Err(error) => return error_view(error),
                };
                match (me, choices.await) {
                    (None, _) => error_view(AppError::Unauthenticated),
                    (Some(_), _) if !may.manage_users => view! { <ForbiddenPage/> }.into_any(),
                    (_, Err(error)) => error_view(error),
                    (Some(_), Ok(organizations)) => {
                        view! {
                            <h1>{t.user_new}</h1>
                            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                                <FormAlert error/>
                                <FormFields><UserFields user=None organizations error/></FormFields>
                                <button type="submit" class="primary">{t.save}</button>
                            </ActionForm>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
