//! Second factors and sessions in the interface: the sign-in's second step (`/login/code`),
//! enrolling an authenticator app (`/account/second-factor`), the recovery codes' one showing
//! (`/account/recovery-codes`), the account page's and the administrator's sections on a
//! user's second factor and sessions, and the second-factor requirement (`/security`).

use crate::api::passkeys::RemovePasskey;
use crate::api::security::{
    ConfirmSecondFactor, EndMyOtherSessions, EndMySession, EndUserSession, EndUserSessions,
    RenewRecoveryCodes, ResetSecondFactor, SetOrganizationSecondFactor, SetSecondFactorRoles,
    SignInWithCode, TurnOffSecondFactor, get_enrolment, get_pending_sign_in,
    get_second_factor_policy, get_security, get_user_security, take_recovery_codes,
};
use crate::components::{
    form::{Choices, FormAlert, Notice, SelectField, TextField, form_error},
    outcome::{error_view, set_status},
    passkeys::PasskeyRegistration,
};
use crate::domain::ids::UserId;
use crate::domain::security::{PasskeyView, Security, SessionView, agent_name};
use crate::error::AppError;
use crate::i18n::{format_datetime, use_lang, use_texts};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// The sign-in's second step: a code from the app, or a recovery code.
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let action = ServerAction::<SignInWithCode>::new();
    let error = form_error(action);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let pending = Resource::new_blocking(|| (), |_| get_pending_sign_in());
    view! {
        <Title text=s.code_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(true) => view! {
                        <section class="narrow">
                            <h1>{s.code_title}</h1>
                            <p>{s.code_intro}</p>
                            // A plain form, like the login's: signing in reloads the page.
                            <form method="post" action=SignInWithCode::PATH class="stack" novalidate>
                                <FormAlert error/>
                                <input type="hidden" name="next" value=next/>
                                <TextField
                                    label=s.code_label
                                    name="code"
                                    autocomplete="one-time-code"
                                    required=true
                                    hint=s.code_hint
                                    maxlength=20
                                    error
                                />
                                <button type="submit" class="primary">{s.code_submit}</button>
                            </form>
                            <p><a href="/login">{s.code_start_again}</a></p>
                        </section>
                    }
                    .into_any(),
                    Ok(false) => {
                        // Nothing waits (it expired, or the page was opened directly).
                        set_status(302);
                        view! { <Redirect path="/login"/> }.into_any()
                    }
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

/// Enrolling an authenticator app: the QR code, the key, the first code.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let enrolment = Resource::new_blocking(|| (), |_| get_enrolment());
    let confirm = ServerAction::<ConfirmSecondFactor>::new();
    let error = form_error(confirm);
    view! {
        <Title text=s.enrol_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match enrolment.await {
                    Ok(enrolment) => view! {
                        <section class="narrow">
                            <h1>{s.enrol_title}</h1>
                            {enrolment.required.then(|| view! { <p class="form-alert" role="alert">{s.required_note}</p> })}
                            <ol class="steps">
                                <li>{s.enrol_step_app}</li>
                                <li>
                                    {s.enrol_step_scan}
                                    <div class="qr" inner_html=enrolment.qr_svg></div>
                                    <p>
                                        {s.secret_label} ": "
                                        <code class="secret" data-testid="totp-secret">{enrolment.secret}</code>
                                    </p>
                                </li>
                                <li>{s.enrol_step_code}</li>
                            </ol>
                            <ActionForm action=confirm attr:class="stack" attr:novalidate=true>
                                <FormAlert error/>
                                <TextField
                                    label=s.code_label
                                    name="code"
                                    autocomplete="one-time-code"
                                    required=true
                                    maxlength=20
                                    error
                                />
                                <button type="submit" class="primary">{s.confirm}</button>
                            </ActionForm>
                        </section>
                    }
                    .into_any(),
                    Err(AppError::Conflict) => view! {
                        <section class="narrow">
                            <h1>{s.enrol_title}</h1>
                            <p class="notice" role="status">{s.already_on}</p>
                            <p><a href="/account">{t.account_title}</a></p>
                        </section>
                    }
                    .into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

/// The recovery codes, shown once after enrolment or renewal.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let codes = Resource::new_blocking(|| (), |_| take_recovery_codes());
    view! {
        <Title text=s.codes_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match codes.await {
                    Ok(codes) if codes.is_empty() => view! {
                        <section class="narrow">
                            <h1>{s.codes_title}</h1>
                            <p>{s.codes_gone}</p>
                            <p><a href="/account">{t.account_title}</a></p>
                        </section>
                    }
                    .into_any(),
                    Ok(codes) => view! {
                        <section class="narrow">
                            <h1>{s.codes_title}</h1>
                            <p class="notice" role="status">{s.enrolled}</p>
                            <p>{s.codes_intro}</p>
                            <ul class="codes" data-testid="recovery-codes">
                                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                            </ul>
                            <p><a class="button primary" href="/account">{s.codes_done}</a></p>
                        </section>
                    }
                    .into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

/// A table of sessions, each with its own form to end it (`end` renders that form from the
/// session's handle and whether it is the current one).
fn session_table<F, V>(sessions: Vec<SessionView>, end: F) -> AnyView
where
    F: Fn(String, bool) -> V,
    V: IntoView + 'static,
{
    let t = use_texts();
    let s = t.security;
    let lang = use_lang();
    if sessions.is_empty() {
        return view! { <p>{s.no_sessions}</p> }.into_any();
    }
    let rows = sessions
        .iter()
        .map(|session| {
            let agent = agent_name(&session.browser, &session.system)
                .unwrap_or_else(|| s.unknown_agent.to_owned());
            let started = format_datetime(lang, session.started_at);
            let seen = format_datetime(lang, session.last_seen_at);
            let form = end(session.handle.clone(), session.current);
            view! {
                <tr>
                    <td data-label=s.session_browser>
                        {agent}
                        {session.current.then(|| view! { " " <span class="badge">{s.this_session}</span> })}
                    </td>
                    <td data-label=s.session_address>{session.client.clone()}</td>
                    <td data-label=s.session_started>{started}</td>
                    <td data-label=s.session_last_active>{seen}</td>
                    <td>{form}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=s.sessions_heading>
            <table class="cards" data-testid="sessions">
                <thead>
                    <tr>
                        <th scope="col">{s.session_browser}</th>
                        <th scope="col">{s.session_address}</th>
                        <th scope="col">{s.session_started}</th>
                        <th scope="col">{s.session_last_active}</th>
                        <th scope="col"><span class="visually-hidden">{s.end_session}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A table of passkeys, each with its own form to remove it where `remove` renders one.
fn passkey_table<F, V>(passkeys: Vec<PasskeyView>, remove: F) -> AnyView
where
    F: Fn(i64) -> Option<V>,
    V: IntoView + 'static,
{
    let t = use_texts();
    let s = t.security;
    let lang = use_lang();
    if passkeys.is_empty() {
        return view! { <p data-testid="passkeys">{s.passkey_none}</p> }.into_any();
    }
    let rows = passkeys
        .iter()
        .map(|passkey| {
            let added = format_datetime(lang, passkey.created_at);
            let used = passkey
                .last_used_at
                .map(|at| format_datetime(lang, at))
                .unwrap_or_else(|| s.passkey_never.to_owned());
            let form = remove(passkey.passkey_id);
            view! {
                <tr>
                    <td data-label=s.passkey_name>{passkey.name.clone()}</td>
                    <td data-label=s.passkey_added>{added}</td>
                    <td data-label=s.passkey_last_used>{used}</td>
                    <td>{form}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=s.passkeys_heading>
            <table class="cards" data-testid="passkeys">
                <thead>
                    <tr>
                        <th scope="col">{s.passkey_name}</th>
                        <th scope="col">{s.passkey_added}</th>
                        <th scope="col">{s.passkey_last_used}</th>
                        <th scope="col"><span class="visually-hidden">{s.passkey_remove}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The account page's sections: one's second factor and one's sessions.
#[component]
pub fn AccountSecurity() -> impl IntoView {
    let t = use_texts();
    let security = Resource::new_blocking(|| (), |_| get_security());
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match security.await {
                    Ok(security) => view! { <OwnSecurity security/> }.into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnSecurity(security: Security) -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let renew_error = form_error(renew);
    let off = ServerAction::<TurnOffSecondFactor>::new();
    let off_error = form_error(off);
    let end = ServerAction::<EndMySession>::new();
    let end_error = form_error(end);
    let end_others = ServerAction::<EndMyOtherSessions>::new();
    let end_others_error = form_error(end_others);
    let remove = ServerAction::<RemovePasskey>::new();
    let remove_error = form_error(remove);
    let passkeys = passkey_table(security.passkeys, move |id| {
        Some(view! {
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="passkey_id" value=id/>
                <button type="submit">{s.passkey_remove}</button>
            </ActionForm>
        })
    });
    let others = security.sessions.iter().filter(|s| !s.current).count();
    let factor = if security.second_factor {
        view! {
            <p data-testid="second-factor-state">{s.state_on}</p>
            <p>{s.unused_codes} ": " <strong data-testid="unused-codes">{security.unused_codes}</strong></p>
            <details>
                <summary>{s.renew_codes}</summary>
                <ActionForm action=renew attr:class="stack" attr:novalidate=true>
                    <FormAlert error=renew_error/>
                    <p>{s.renew_codes_note}</p>
                    <TextField label=s.code_label name="code" autocomplete="one-time-code" required=true maxlength=20 form="renew" error=renew_error/>
                    <button type="submit">{s.renew_codes}</button>
                </ActionForm>
            </details>
            {(!security.required).then(|| view! {
                <details>
                    <summary>{s.turn_off}</summary>
                    <ActionForm action=off attr:class="stack" attr:novalidate=true>
                        <FormAlert error=off_error/>
                        <p>{s.turn_off_note}</p>
                        <TextField label=s.code_label name="code" autocomplete="one-time-code" required=true maxlength=20 form="off" error=off_error/>
                        <button type="submit">{s.turn_off}</button>
                    </ActionForm>
                </details>
            })}
        }
        .into_any()
    } else {
        view! {
            <p data-testid="second-factor-state">{s.state_off}</p>
            <p><a class="button primary" href="/account/second-factor">{s.set_up}</a></p>
        }
        .into_any()
    };
    let table = session_table(security.sessions, move |handle, current| {
        (!current).then(|| {
            view! {
                <ActionForm action=end attr:class="inline-form">
                    <input type="hidden" name="handle" value=handle/>
                    <button type="submit">{s.end_session}</button>
                </ActionForm>
            }
        })
    });
    view! {
        <section class="narrow" aria-labelledby="second-factor-heading" id="second-factor">
            <h2 id="second-factor-heading">{s.heading}</h2>
            {(security.required && !security.second_factor).then(|| view! {
                <p class="form-alert" role="alert">{s.grace_notice}</p>
            })}
            {(security.required && security.second_factor).then(|| view! { <p>{s.required_note}</p> })}
            {factor}
        </section>
        <section class="narrow" aria-labelledby="passkeys-heading" id="passkeys">
            <h2 id="passkeys-heading">{s.passkeys_heading}</h2>
            <p>{s.passkeys_intro}</p>
            <FormAlert error=remove_error/>
            {passkeys}
            <PasskeyRegistration/>
        </section>
        <section aria-labelledby="sessions-heading" id="sessions">
            <h2 id="sessions-heading">{s.sessions_heading}</h2>
            <p>{s.sessions_intro}</p>
            <FormAlert error=end_error/>
            {table}
            {(others > 0).then(|| view! {
                <ActionForm action=end_others attr:class="inline-form">
                    <FormAlert error=end_others_error/>
                    <button type="submit">{s.end_other_sessions}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The administrator's section of a user's page: their second factor (with its reset) and
/// their sessions.
#[component]
pub fn UserSecurity(user_id: UserId) -> impl IntoView {
    let t = use_texts();
    let security = Resource::new_blocking(move || user_id, |id| get_user_security(id.0));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match security.await {
                    Ok(security) => view! { <UserSecurityDetails user_id security/> }.into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserSecurityDetails(user_id: UserId, security: Security) -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let reset = ServerAction::<ResetSecondFactor>::new();
    let reset_error = form_error(reset);
    let end = ServerAction::<EndUserSession>::new();
    let end_error = form_error(end);
    let end_all = ServerAction::<EndUserSessions>::new();
    let any = !security.sessions.is_empty();
    let passkeys = passkey_table(security.passkeys, |_| None::<()>);
    let table = session_table(security.sessions, move |handle, _| {
        view! {
            <ActionForm action=end attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id.0/>
                <input type="hidden" name="handle" value=handle/>
                <button type="submit">{s.end_session}</button>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby="security-heading" id="security">
            <h2 id="security-heading">{s.user_heading}</h2>
            <dl class="details">
                <div>
                    <dt>{s.heading}</dt>
                    <dd data-testid="user-second-factor">{if security.second_factor { s.on } else { s.off }}</dd>
                </div>
                <div><dt>{s.unused_codes}</dt><dd>{security.unused_codes}</dd></div>
            </dl>
            <h3>{s.passkeys_heading}</h3>
            {passkeys}
            <p>{s.reset_note}</p>
            <ActionForm action=reset attr:class="inline-form">
                <FormAlert error=reset_error/>
                <input type="hidden" name="user_id" value=user_id.0/>
                <button type="submit">{s.reset}</button>
            </ActionForm>
            <h3>{s.sessions_heading}</h3>
            <FormAlert error=end_error/>
            {table}
            {any.then(|| view! {
                <ActionForm action=end_all attr:class="inline-form">
                    <input type="hidden" name="user_id" value=user_id.0/>
                    <button type="submit">{s.end_all_sessions}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The second-factor requirement: per role, and per organisation (administrators).
#[component]
pub fn SecondFactorPolicyPage() -> impl IntoView {
    let t = use_texts();
    let s = t.security;
    let lang = use_lang();
    let query = use_query_map();
    let policy = Resource::new_blocking(|| (), |_| get_second_factor_policy());
    let roles = ServerAction::<SetSecondFactorRoles>::new();
    let roles_error = form_error(roles);
    let organization = ServerAction::<SetOrganizationSecondFactor>::new();
    let organization_error = form_error(organization);
    let done = Signal::derive(move || {
        (query.read().get("done").as_deref() == Some("saved")).then_some(s.policy_saved)
    });
    view! {
        <Title text=s.policy_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let policy = match policy.await {
                    Ok(policy) => policy,
                    Err(error) => return error_view(error),
                };
                let role_boxes = policy
                    .roles
                    .iter()
                    .map(|(role, required)| {
                        let id = format!("require-{}", role.as_str());
                        view! {
                            <div class="field checkbox">
                                <input id=id.clone() type="checkbox" name=role.as_str() checked=*required/>
                                <label for=id>{role.label(t)}</label>
                            </div>
                        }
                    })
                    .collect_view();
                let requiring = if policy.organizations.is_empty() {
                    view! { <p>{s.policy_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" data-testid="requiring-organizations">
                            {policy.organizations.clone().into_iter().map(|o| view! {
                                <li>
                                    <a href=format!("/organizations/{}", o.organization_id)>{o.name.get(lang).to_owned()}</a>
                                    " "
                                    <ActionForm action=organization attr:class="inline-form">
                                        <input type="hidden" name="organization_id" value=o.organization_id.0/>
                                        <input type="hidden" name="required" value="false"/>
                                        <button type="submit">{s.policy_remove}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let choices = Choices::flat(
                    policy
                        .choices
                        .iter()
                        .filter(|o| !policy.organizations.contains(o))
                        .map(|o| (o.organization_id.to_string(), o.name.get(lang).to_owned())),
                );
                view! {
                    <h1>{s.policy_title}</h1>
                    <Notice text=done/>
                    <p>{s.policy_intro}</p>
                    <section class="narrow" aria-labelledby="roles-heading">
                        <h2 id="roles-heading">{s.policy_roles}</h2>
                        <ActionForm action=roles attr:class="stack">
                            <FormAlert error=roles_error/>
                            <input type="hidden" name="save" value="roles"/>
                            {role_boxes}
                            <button type="submit" class="primary">{t.save}</button>
                        </ActionForm>
                    </section>
                    <section class="narrow" aria-labelledby="organizations-heading">
                        <h2 id="organizations-heading">{s.policy_organizations}</h2>
                        {requiring}
                        <ActionForm action=organization attr:class="stack">
                            <FormAlert error=organization_error/>
                            <SelectField
                                label=s.policy_add
                                name="organization_id"
                                choices
                                required=true
                                blank=t.none
                                error=organization_error
                            />
                            <input type="hidden" name="required" value="true"/>
                            <button type="submit">{s.policy_add}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
