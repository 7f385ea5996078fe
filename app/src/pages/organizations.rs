//! Organisations: the directory with its filters, an organisation's page (with its people,
//! and the edit form for administrators), and the form for a new organisation.

use crate::api::{
    framework::get_territory,
    organizations::{
        CreateOrganization, UpdateOrganization, get_organization_page, list_organizations,
    },
};
use crate::components::{
    form::{
        CheckboxField, Choices, FormAlert, FormError, FormFields, Notice, SelectField, TextField,
        form_error, place_choices,
    },
    layout::{abilities, use_session},
    outcome::{ForbiddenPage, error_view},
    route::use_record_key,
};
use crate::domain::{
    filters::OrganizationFilter,
    roles::OrgKind,
    views::{Organization, Territory},
};
use crate::error::AppError;
use crate::i18n::{format_number, use_lang, use_texts};
use crate::pages::users::UserTable;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::{use_location, use_query_map},
};

fn kind_choices(t: &'static crate::i18n::Texts) -> Choices {
    Choices::flat(
        OrgKind::ALL
            .into_iter()
            .map(|k| (k.as_str().to_owned(), k.label(t).to_owned())),
    )
}

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || OrganizationFilter::parse(|k| query.read().get(k));
    let page = Resource::new_blocking(filter, list_organizations);
    let territory = Resource::new_blocking(|| (), |_| get_territory());
    let session = use_session();
    view! {
        <Title text=t.organizations_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let admin = abilities(&session.await).manage_organizations;
                let head = view! {
                    <div class="page-head">
                        <h1>{t.organizations_title}</h1>
                        {admin.then(|| view! {
                            <div class="form-actions">
                                <A href="/organizations/new" attr:class="button">{t.organization_new}</A>
                                <A href="/organizations/onboard" attr:class="button">{t.onboarding.territory_link}</A>
                            </div>
                        })}
                    </div>
                };
                let regions = territory.await.map(|t| t.regions).unwrap_or_default();
                let current = filter();
                match page.await {
                    Err(error) => error_view(error),
                    Ok(page) => {
                        let rows = page
                            .rows
                            .iter()
                            .map(|o| view! { <OrganizationRow organization=o.clone()/> })
                            .collect_view();
                        let empty = page.rows.is_empty();
                        let region_options = regions
                            .iter()
                            .map(|r| {
                                let selected = current.region_code.as_deref() == Some(r.code.as_str());
                                view! { <option value=r.code.clone() selected=selected>{r.name.get(lang).to_owned()}</option> }
                            })
                            .collect_view();
                        let kind_options = OrgKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str() selected=current.kind == Some(k)>{k.label(t)}</option> })
                            .collect_view();
                        view! {
                            {head}
                            <Form method="GET" action="" attr:class="filters">
                                <div class="field">
                                    <label for="filter-q">{t.search}</label>
                                    <input id="filter-q" type="search" name="q" value=current.q.clone().unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for="filter-kind">{t.kind}</label>
                                    <select id="filter-kind" name="kind">
                                        <option value="">{t.all}</option>
                                        {kind_options}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="filter-region">{t.region}</label>
                                    <select id="filter-region" name="region">
                                        <option value="">{t.all}</option>
                                        {region_options}
                                    </select>
                                </div>
                                <button type="submit">{t.filter}</button>
                            </Form>
                            <p class="count">{format!("{}: {} / {}", t.results_count, page.rows.len(), format_number(lang, page.total))}</p>
                            {if empty {
                                view! { <p>{t.nothing_found}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table>
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t.name}</th>
                                                    <th scope="col">{t.kind}</th>
                                                    <th scope="col">{t.region}</th>
                                                    <th scope="col">{t.people}</th>
                                                    <th scope="col">{t.status}</th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                }
                                .into_any()
                            }}
                            <Pager page=page.page pages=page.page_count()/>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Links to the previous and next pages, keeping the rest of the query.
#[component]
pub fn Pager(page: i64, pages: i64) -> impl IntoView {
    let location = use_location();
    let link = move |to: i64| {
        let search = location.search.get_untracked();
        let kept: Vec<String> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("page="))
            .map(str::to_owned)
            .chain(std::iter::once(format!("page={to}")))
            .collect();
        format!("?{}", kept.join("&"))
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="pages">
                {(page > 1).then(|| view! { <A href=link(page - 1) attr:rel="prev">"← "{page - 1}</A> })}
                <span aria-current="page">{format!("{page} / {pages}")}</span>
                {(page < pages).then(|| view! { <A href=link(page + 1) attr:rel="next">{page + 1}" →"</A> })}
            </nav>
        }
    })
}

#[component]
fn OrganizationRow(organization: Organization) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let place = [
        organization.region_name.as_ref(),
        organization.district_name.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|n| n.get(lang).to_owned())
    .collect::<Vec<_>>()
    .join(", ");
    view! {
        <tr>
            <td>
                <A href=format!("/organizations/{}", organization.organization_id)>
                    {organization.name.get(lang).to_owned()}
                </A>
                {organization.is_demo.then(|| view! { " " <span class="badge">{t.demo_badge}</span> })}
            </td>
            <td>{organization.kind.label(t)}</td>
            <td>{if place.is_empty() { t.none.to_owned() } else { place }}</td>
            <td class="num">{format_number(lang, organization.user_count)}</td>
            <td>{if organization.is_active { t.active } else { t.inactive }}</td>
        </tr>
    }
}

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_organization_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let territory = Resource::new_blocking(|| (), |_| get_territory());
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("created") => Some(t.organization_created),
        Some("saved") => Some(t.saved),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let territory = territory.await.unwrap_or_default();
                match page.await {
                    Err(error) => error_view(error),
                    Ok(page) => view! {
                        <OrganizationDetails page territory done/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganizationDetails(
    page: crate::domain::views::OrganizationPage,
    territory: Territory,
    done: Signal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let o = page.organization;
    let admin = page.can_manage;
    let name = o.name.get(lang).to_owned();
    let place = [o.region_name.as_ref(), o.district_name.as_ref()]
        .into_iter()
        .flatten()
        .map(|n| n.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let contact = [
        o.contact_email.clone(),
        o.contact_phone.clone(),
        o.address.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let users = page.users.map(|users| {
        view! {
            <section aria-labelledby="people-heading">
                <h2 id="people-heading">{t.people}</h2>
                <UserTable users/>
            </section>
        }
    });
    let editable = o.clone();
    let edit = admin.then(move || {
        let o = editable;
        let update = ServerAction::<UpdateOrganization>::new();
        let error = form_error(update);
        view! {
            <section aria-labelledby="edit-heading">
                <h2 id="edit-heading">{t.organization_edit}</h2>
                <ActionForm action=update attr:class="stack" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="organization_id" value=o.organization_id.0/>
                    <FormFields><OrganizationFields organization=Some(o.clone()) territory error/></FormFields>
                    <button type="submit" class="primary">{t.save}</button>
                </ActionForm>
            </section>
        }
    });
    view! {
        <Title text=name.clone()/>
        <Notice text=done/>
        <h1>
            {name}
            {o.is_demo.then(|| view! { " " <span class="badge">{t.demo_badge}</span> })}
        </h1>
        <dl class="details">
            <div><dt>{t.kind}</dt><dd>{o.kind.label(t)}</dd></div>
            <div><dt>{t.region}</dt><dd>{if place.is_empty() { t.none.to_owned() } else { place }}</dd></div>
            <div><dt>{t.contact_email}</dt><dd>{if contact.is_empty() { t.none.to_owned() } else { contact }}</dd></div>
            <div><dt>{t.status}</dt><dd>{if o.is_active { t.active } else { t.inactive }}</dd></div>
        </dl>
        <p>
            <A href=format!("/tasks?organization={}", o.organization_id)>{t.tasks.tasks_led}</A>
            " · "
            <A href=format!("/activities?organization={}", o.organization_id)>{t.activities.activities_title}</A>
            " · "
            <A href=format!("/reports?organization={}", o.organization_id)>{t.reports.reports_title}</A>
        </p>
        {users}
        {edit}
    }
}

/// The fields of an organisation, empty for a new one.
#[component]
fn OrganizationFields(
    organization: Option<Organization>,
    territory: Territory,
    error: FormError,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let o = organization;
    let get = |f: fn(&Organization) -> Option<String>| o.as_ref().and_then(f).unwrap_or_default();
    view! {
        <SelectField
            label=t.kind
            name="kind"
            choices=kind_choices(t)
            value=get(|o| Some(o.kind.as_str().to_owned()))
            blank=t.none
            required=true
            error
        />
        <TextField label=t.name_ky name="name_ky" value=get(|o| Some(o.name.ky.clone())) required=true maxlength=300 error/>
        <TextField label=t.name_ru name="name_ru" value=get(|o| Some(o.name.ru.clone())) required=true maxlength=300 error/>
        <TextField label=t.name_en name="name_en" value=get(|o| Some(o.name.en.clone())) maxlength=300 error/>
        <SelectField
            label=t.region
            name="region_code"
            choices=place_choices(&territory.regions, &[], lang)
            value=get(|o| o.region_code.clone())
            blank=t.none
            hint=t.territory_hint
            error
        />
        <SelectField
            label=t.district
            name="district_code"
            choices=place_choices(&territory.districts, &territory.regions, lang)
            value=get(|o| o.district_code.clone())
            blank=t.none
            error
        />
        <SelectField
            label=t.municipality
            name="municipality_code"
            choices=place_choices(&territory.municipalities, &territory.districts, lang)
            value=get(|o| o.municipality_code.clone())
            blank=t.none
            error
        />
        <TextField label=t.contact_email name="contact_email" input_type="email" value=get(|o| o.contact_email.clone()) error/>
        <TextField label=t.contact_phone name="contact_phone" input_type="tel" value=get(|o| o.contact_phone.clone()) error/>
        <TextField label=t.address name="address" value=get(|o| o.address.clone()) error/>
        <CheckboxField label=t.is_active name="is_active" checked=o.as_ref().is_none_or(|o| o.is_active) error/>
    }
}

#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    let territory = Resource::new_blocking(|| (), |_| get_territory());
    let create = ServerAction::<CreateOrganization>::new();
    let error = form_error(create);
    view! {
        <Title text=t.organization_new/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (me, may) = match session.await {
                    Ok(info) => (info.me, info.may),
                    Err(error) => return error_view(error),
                };
                match (me, territory.await) {
                    (None, _) => error_view(AppError::Unauthenticated),
                    (Some(_), _) if !may.manage_organizations => view! { <ForbiddenPage/> }.into_any(),
                    (_, Err(error)) => error_view(error),
                    (Some(_), Ok(territory)) => view! {
                        <h1>{t.organization_new}</h1>
                        <ActionForm action=create attr:class="stack" attr:novalidate=true>
                            <FormAlert error/>
                            <FormFields><OrganizationFields organization=None territory error/></FormFields>
                            <button type="submit" class="primary">{t.save}</button>
                        </ActionForm>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
