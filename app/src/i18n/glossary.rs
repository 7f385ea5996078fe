//! The interface's vocabulary: for each concept of the state drug policy concept and of the
//! app's own work, the one term used in each language, and the variants that must not come back.
//!
//! The Kyrgyz terms follow the concept and its source article (`укук коргоо органдары`,
//! `баңгизаттар менен камсыз кылууну азайтуу`, ...); the Russian ones follow government
//! practice (a task given to an organisation is a `поручение`); the English ones follow the
//! concept's English table.
//!
//! Some words name more than one concept and so never stand alone:
//! - Kyrgyz `максат` is either a main goal (`негизги максат`, G1–G3) or a strategic objective
//!   (`стратегиялык максат`, O1–O9); it always carries one of the two qualifiers. `Максаттуу`
//!   (target, as in `максаттуу маани`) is another word and is free.
//! - Russian `задача` is only ever the strategic objective (`стратегическая задача`, in any case);
//!   a task is a `поручение`, and `задание` is not used at all. Likewise Russian `цель` is only
//!   the main goal (`основная цель`).
//! - English `goal` is always a `main goal`, `objective` always a `strategic objective`, and
//!   `assignment` always a `group assignment` (one task given to many organisations at once).
//!
//! Kyrgyz `милдет` (duty, task) is not used: a strategic objective is a `стратегиялык максат` and
//! a task a `тапшырма`. Its adjective `милдеттүү` (obligatory) is written `зарыл`, so that every
//! word beginning with `милдет` can be refused.
//!
//! The tests below read every language file (`ky.rs`, `ru.rs`, `en.rs` here and in each page
//! folder), split their string literals into whole words (a word is a run of letters, digits and
//! hyphens, compared without regard to case) and fail, naming the file and the text, when a text
//! uses a variant listed here or an ambiguous word without its qualifier.

use super::Lang;

/// One concept and its one term in each interface language.
///
/// The `not_*` lists hold the variants that must not appear in that language's texts. A variant
/// is one or more words, each matching a whole word of a text (case aside); a word ending in `*`
/// matches any word that begins with it (any case ending). A one-word variant also matches a
/// part of a hyphenated word.
pub struct Term {
    /// What the concept is.
    pub concept: &'static str,
    pub ky: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
    pub not_ky: &'static [&'static str],
    pub not_ru: &'static [&'static str],
    pub not_en: &'static [&'static str],
}

impl Term {
    /// The term in `lang`.
    pub fn term(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ky => self.ky,
            Lang::Ru => self.ru,
            Lang::En => self.en,
        }
    }

    /// The variants that must not appear in `lang`.
    pub fn avoid(&self, lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::Ky => self.not_ky,
            Lang::Ru => self.not_ru,
            Lang::En => self.not_en,
        }
    }
}

/// The vocabulary, one row per concept.
pub const GLOSSARY: &[Term] = &[
    Term {
        concept: "Strategic direction of the concept (D1, D2)",
        ky: "стратегиялык багыт",
        ru: "стратегическое направление",
        en: "strategic direction",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Main goal of the internal policy (G1–G3)",
        ky: "негизги максат",
        ru: "основная цель",
        en: "main goal",
        not_ky: &[],
        not_ru: &["главная цель*", "главные цели*"],
        not_en: &[],
    },
    Term {
        concept: "Strategic objective (O1–O9), what tasks are assigned against",
        ky: "стратегиялык максат",
        ru: "стратегическая задача",
        en: "strategic objective",
        not_ky: &["милдет*"],
        not_ru: &[],
        not_en: &["strategic task*", "strategic goal*"],
    },
    Term {
        concept: "Principle of implementation (P1–P14)",
        ky: "принцип",
        ru: "принцип",
        en: "principle",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Task: a piece of work the coordinating body gives one organisation",
        ky: "тапшырма",
        ru: "поручение",
        en: "task",
        not_ky: &[],
        not_ru: &["задани*"],
        not_en: &[],
    },
    Term {
        concept: "Group assignment: one task given to many organisations at once, each getting its own task",
        ky: "жалпы тапшырма",
        ru: "общее поручение",
        en: "group assignment",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Report on a task's progress for a reporting period",
        ky: "отчет",
        ru: "отчёт",
        en: "report",
        not_ky: &["отчёт*"],
        not_ru: &["отчет*"],
        not_en: &[],
    },
    Term {
        concept: "Reporting period",
        ky: "отчеттук мезгил",
        ru: "отчётный период",
        en: "reporting period",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Evidence: files attached to a report or an activity",
        ky: "далил",
        ru: "подтверждающие материалы",
        en: "evidence",
        not_ky: &[],
        not_ru: &["доказательств*"],
        not_en: &[],
    },
    Term {
        concept: "Civil-society activity (event, training, outreach, ...)",
        ky: "иш-чара",
        ru: "мероприятие",
        en: "activity",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "National indicator",
        ky: "индикатор",
        ru: "индикатор",
        en: "indicator",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Target value of a task or an indicator",
        ky: "максаттуу маани",
        ru: "целевое значение",
        en: "target value",
        not_ky: &["максаттуу көрсөткүч*"],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Baseline value of an indicator",
        ky: "базалык маани",
        ru: "базовое значение",
        en: "baseline",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "People reached (counts only, never names)",
        ky: "камтылган адамдар",
        ru: "охвачено человек",
        en: "people reached",
        not_ky: &[],
        not_ru: &["охвачено людей"],
        not_en: &[],
    },
    Term {
        concept: "Age group of the people reached",
        ky: "курак тобу",
        ru: "возрастная группа",
        en: "age group",
        not_ky: &["жаш топ*", "жаш тоб*"],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "NGO: non-commercial (civil-society) organisation",
        ky: "коммерциялык эмес уюм (КЭУ)",
        ru: "некоммерческая организация (НКО)",
        en: "NGO",
        not_ky: &["ӨЭУ*", "өкмөттүк эмес уюм*"],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Local self-government body (city hall, aiyl okmotu)",
        ky: "жергиликтүү өз алдынча башкаруу органы",
        ru: "орган местного самоуправления",
        en: "local self-government body",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Aiyl okmotu: the executive body of a rural municipality",
        ky: "айыл өкмөтү",
        ru: "айыл окмоту",
        en: "aiyl okmotu",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Rural municipality (aiyl aimagy)",
        ky: "айыл аймагы",
        ru: "айылный аймак",
        en: "municipality",
        not_ky: &["муниципалитет*"],
        not_ru: &["айыльн*", "муниципалитет*"],
        not_en: &[],
    },
    Term {
        concept: "The coordinating body for drug control",
        ky: "координациялоочу орган",
        ru: "координирующий орган",
        en: "coordinating body",
        not_ky: &["координациялык орган*"],
        not_ru: &["координационн* орган*"],
        not_en: &[],
    },
    Term {
        concept: "Law enforcement (its bodies and their work)",
        ky: "укук коргоо",
        ru: "правоохранительная деятельность",
        en: "law enforcement",
        not_ky: &["укук колдонуу*"],
        not_ru: &["правоприменени*"],
        not_en: &[],
    },
    Term {
        concept: "Supply reduction (direction D1)",
        ky: "баңгизаттар менен камсыз кылууну азайтуу",
        ru: "сокращение предложения",
        en: "supply reduction",
        not_ky: &["сунуш", "сунушка", "сунушту*", "сунуштун", "сунуштан"],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Demand and harm reduction (direction D2)",
        ky: "суроо-талапты жана зыянды азайтуу",
        ru: "сокращение спроса и вреда",
        en: "demand and harm reduction",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Harm reduction (the public-health services)",
        ky: "зыянды азайтуу",
        ru: "снижение вреда",
        en: "harm reduction",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Lead organisation of a task",
        ky: "жооптуу уюм",
        ru: "ответственная организация",
        en: "lead organisation",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Supporting organisations of a task",
        ky: "кошо аткаруучулар",
        ru: "соисполнители",
        en: "supporting organisations",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Priority of a task",
        ky: "маанилүүлүгү",
        ru: "приоритет",
        en: "priority",
        not_ky: &["артыкчылык"],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "Due date of a task",
        ky: "мөөнөт",
        ru: "срок",
        en: "due date",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
    Term {
        concept: "State drug policy",
        ky: "баңгисаясат",
        ru: "наркополитика",
        en: "drug policy",
        not_ky: &[],
        not_ru: &[],
        not_en: &[],
    },
];

/// A word that names more than one concept unless qualified: wherever it appears, the word just
/// before it must be one of `after`.
pub struct Qualified {
    pub lang: Lang,
    /// The ambiguous word, in the syntax of [`Term`]'s variants (`*` for any ending).
    pub words: &'static [&'static str],
    /// Longer words that begin like `words` but are other words.
    pub except: &'static [&'static str],
    /// The qualifiers, one of which must come just before.
    pub after: &'static [&'static str],
    /// Why, for the failure message.
    pub why: &'static str,
}

/// The words that never stand alone.
pub const QUALIFIED: &[Qualified] = &[
    Qualified {
        lang: Lang::Ky,
        words: &["максат*"],
        except: &["максаттуу*"],
        after: &["негизги", "стратегиялык"],
        why: "«максат» is either «негизги максат» (G1–G3) or «стратегиялык максат» (O1–O9)",
    },
    Qualified {
        lang: Lang::Ru,
        words: &["задач*"],
        except: &[],
        after: &["стратегическ*"],
        why: "«задача» is only «стратегическая задача» (O1–O9); a task is «поручение»",
    },
    Qualified {
        lang: Lang::Ru,
        words: &["цель", "цели", "целей", "целям", "целями", "целях"],
        except: &[],
        after: &["основн*"],
        why: "«цель» is only «основная цель» (G1–G3)",
    },
    Qualified {
        lang: Lang::En,
        words: &["goal", "goals"],
        except: &[],
        after: &["main"],
        why: "a goal is a \"main goal\" (G1–G3)",
    },
    Qualified {
        lang: Lang::En,
        words: &["objective", "objectives"],
        except: &[],
        after: &["strategic"],
        why: "an objective is a \"strategic objective\" (O1–O9)",
    },
    Qualified {
        lang: Lang::En,
        words: &["assignment", "assignments"],
        except: &[],
        after: &["group"],
        why: "an assignment is a \"group assignment\"; one organisation's work is a \"task\"",
    },
];

/// Whether `word` (lower case) matches one word of a variant: equal, or beginning with it when
/// the variant word ends in `*`.
#[cfg(test)]
fn word_matches(pattern: &str, word: &str) -> bool {
    let pattern = pattern.to_lowercase();
    match pattern.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == pattern,
    }
}

/// The words of a text, lower-cased, each with its byte range in the text. A word is a run of
/// letters, digits and hyphens (any script), without hyphens at its ends.
#[cfg(test)]
fn words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut start = None;
    let boundary = |c: char| !(c.is_alphanumeric() || c == '-');
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, boundary(c)) {
            (None, false) => start = Some(at),
            (Some(from), true) => {
                start = None;
                let raw = &text[from..at];
                let trimmed = raw.trim_matches('-');
                if trimmed.chars().any(char::is_alphanumeric) {
                    let lead = raw.len() - raw.trim_start_matches('-').len();
                    let from = from + lead;
                    found.push((from..from + trimmed.len(), trimmed.to_lowercase()));
                }
            }
            _ => {}
        }
    }
    found
}

/// Where a variant (one or more words) occurs among `words`: the byte ranges of the matches.
#[cfg(test)]
fn occurrences(
    variant: &str,
    words: &[(std::ops::Range<usize>, String)],
) -> Vec<std::ops::Range<usize>> {
    let parts: Vec<&str> = variant.split_whitespace().collect();
    if parts.is_empty() {
        return Vec::new();
    }
    words
        .windows(parts.len())
        .filter(|window| {
            window.iter().zip(&parts).all(|((_, word), part)| {
                word_matches(part, word)
                    || (parts.len() == 1
                        && word.contains('-')
                        && word.split('-').any(|piece| word_matches(part, piece)))
            })
        })
        .map(|window| window[0].0.start..window[window.len() - 1].0.end)
        .collect()
}

/// Every problem with one text of `lang`: the avoided variants it uses and the ambiguous words
/// it leaves unqualified, each as (the rule, the byte range of the offending words).
#[cfg(test)]
fn problems(lang: Lang, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let words = words(text);
    let mut found = Vec::new();
    for term in GLOSSARY {
        for variant in term.avoid(lang) {
            for range in occurrences(variant, &words) {
                found.push((
                    format!(
                        "«{variant}» is not used for {}: write «{}»",
                        term.concept,
                        term.term(lang)
                    ),
                    range,
                ));
            }
        }
    }
    for rule in QUALIFIED.iter().filter(|r| r.lang == lang) {
        for (i, (range, word)) in words.iter().enumerate() {
            let ambiguous = rule.words.iter().any(|w| word_matches(w, word))
                && !rule.except.iter().any(|w| word_matches(w, word));
            if !ambiguous {
                continue;
            }
            let qualified = i > 0 && rule.after.iter().any(|w| word_matches(w, &words[i - 1].1));
            if !qualified {
                let from = if i > 0 {
                    words[i - 1].0.start
                } else {
                    range.start
                };
                found.push((
                    format!(
                        "«{word}» needs one of {:?} just before it: {}",
                        rule.after, rule.why
                    ),
                    from..range.end,
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every language file of the interface texts, with its language and path under `i18n/`.
    const FILES: &[(Lang, &str, &str)] = &[
        (Lang::Ky, "ky.rs", include_str!("ky.rs")),
        (Lang::Ru, "ru.rs", include_str!("ru.rs")),
        (Lang::En, "en.rs", include_str!("en.rs")),
        (Lang::Ky, "tasks/ky.rs", include_str!("tasks/ky.rs")),
        (Lang::Ru, "tasks/ru.rs", include_str!("tasks/ru.rs")),
        (Lang::En, "tasks/en.rs", include_str!("tasks/en.rs")),
        (Lang::Ky, "reports/ky.rs", include_str!("reports/ky.rs")),
        (Lang::Ru, "reports/ru.rs", include_str!("reports/ru.rs")),
        (Lang::En, "reports/en.rs", include_str!("reports/en.rs")),
        (Lang::Ky, "mail/ky.rs", include_str!("mail/ky.rs")),
        (Lang::Ru, "mail/ru.rs", include_str!("mail/ru.rs")),
        (Lang::En, "mail/en.rs", include_str!("mail/en.rs")),
        (
            Lang::Ky,
            "notifications/ky.rs",
            include_str!("notifications/ky.rs"),
        ),
        (
            Lang::Ru,
            "notifications/ru.rs",
            include_str!("notifications/ru.rs"),
        ),
        (
            Lang::En,
            "notifications/en.rs",
            include_str!("notifications/en.rs"),
        ),
        (
            Lang::Ky,
            "activities/ky.rs",
            include_str!("activities/ky.rs"),
        ),
        (
            Lang::Ru,
            "activities/ru.rs",
            include_str!("activities/ru.rs"),
        ),
        (
            Lang::En,
            "activities/en.rs",
            include_str!("activities/en.rs"),
        ),
        (
            Lang::Ky,
            "indicators/ky.rs",
            include_str!("indicators/ky.rs"),
        ),
        (
            Lang::Ru,
            "indicators/ru.rs",
            include_str!("indicators/ru.rs"),
        ),
        (
            Lang::En,
            "indicators/en.rs",
            include_str!("indicators/en.rs"),
        ),
        (
            Lang::Ky,
            "substances/ky.rs",
            include_str!("substances/ky.rs"),
        ),
        (
            Lang::Ru,
            "substances/ru.rs",
            include_str!("substances/ru.rs"),
        ),
        (
            Lang::En,
            "substances/en.rs",
            include_str!("substances/en.rs"),
        ),
        (Lang::Ky, "warning/ky.rs", include_str!("warning/ky.rs")),
        (Lang::Ru, "warning/ru.rs", include_str!("warning/ru.rs")),
        (Lang::En, "warning/en.rs", include_str!("warning/en.rs")),
        (Lang::Ky, "audit/ky.rs", include_str!("audit/ky.rs")),
        (Lang::Ru, "audit/ru.rs", include_str!("audit/ru.rs")),
        (Lang::En, "audit/en.rs", include_str!("audit/en.rs")),
        (Lang::Ky, "security/ky.rs", include_str!("security/ky.rs")),
        (Lang::Ru, "security/ru.rs", include_str!("security/ru.rs")),
        (Lang::En, "security/en.rs", include_str!("security/en.rs")),
        (
            Lang::Ky,
            "onboarding/ky.rs",
            include_str!("onboarding/ky.rs"),
        ),
        (
            Lang::Ru,
            "onboarding/ru.rs",
            include_str!("onboarding/ru.rs"),
        ),
        (
            Lang::En,
            "onboarding/en.rs",
            include_str!("onboarding/en.rs"),
        ),
        (Lang::Ky, "dashboard/ky.rs", include_str!("dashboard/ky.rs")),
        (Lang::Ru, "dashboard/ru.rs", include_str!("dashboard/ru.rs")),
        (Lang::En, "dashboard/en.rs", include_str!("dashboard/en.rs")),
        (Lang::Ky, "export/ky.rs", include_str!("export/ky.rs")),
        (Lang::Ru, "export/ru.rs", include_str!("export/ru.rs")),
        (Lang::En, "export/en.rs", include_str!("export/en.rs")),
    ];

    /// The string literals of a Rust source file, unescaped, skipping `//` comments (the texts
    /// have no raw strings and no character literals).
    fn string_literals(source: &str) -> Vec<String> {
        let mut literals = Vec::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '"' => {
                    let mut literal = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '"' => break,
                            '\\' => match chars.next() {
                                Some('n') => literal.push('\n'),
                                Some('t') => literal.push('\t'),
                                Some('\n') => {
                                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                                        chars.next();
                                    }
                                }
                                Some(other) => literal.push(other),
                                None => break,
                            },
                            other => literal.push(other),
                        }
                    }
                    literals.push(literal);
                }
                _ => {}
            }
        }
        literals
    }

    /// Up to 40 characters either side of `range`, to show where a problem is.
    fn snippet(text: &str, range: std::ops::Range<usize>) -> String {
        let before: String = {
            let mut rev: Vec<char> = text[..range.start].chars().rev().take(40).collect();
            rev.reverse();
            rev.into_iter().collect()
        };
        let after: String = text[range.end..].chars().take(40).collect();
        let open = if before.len() < text[..range.start].len() {
            "…"
        } else {
            ""
        };
        let close = if after.len() < text[range.end..].len() {
            "…"
        } else {
            ""
        };
        format!("{open}{before}[{}]{after}{close}", &text[range])
    }

    /// Every problem in the language files, one line each: file, rule, text.
    fn problems_in_files(lang: Lang) -> Vec<String> {
        let mut found = Vec::new();
        for (file_lang, path, source) in FILES {
            if *file_lang != lang {
                continue;
            }
            for text in string_literals(source) {
                for (rule, range) in problems(lang, &text) {
                    found.push(format!(
                        "app/src/i18n/{path}: {rule}\n    in \"{}\"",
                        snippet(&text, range)
                    ));
                }
            }
        }
        found
    }

    fn assert_consistent(lang: Lang) {
        let found = problems_in_files(lang);
        assert!(
            found.is_empty(),
            "{} {} text(s) break the glossary (app/src/i18n/glossary.rs):\n{}",
            found.len(),
            lang.code(),
            found.join("\n")
        );
    }

    #[test]
    fn kyrgyz_texts_use_the_glossary_terms() {
        assert_consistent(Lang::Ky);
    }

    #[test]
    fn russian_texts_use_the_glossary_terms() {
        assert_consistent(Lang::Ru);
    }

    #[test]
    fn english_texts_use_the_glossary_terms() {
        assert_consistent(Lang::En);
    }

    #[test]
    fn every_language_file_is_checked() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n");
        let is_language_file = |name: &str| ["ky.rs", "ru.rs", "en.rs"].contains(&name);
        let mut on_disk = Vec::new();
        for entry in std::fs::read_dir(&root).expect("the i18n folder") {
            let entry = entry.expect("a folder entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                for inner in std::fs::read_dir(entry.path()).expect("a texts folder") {
                    let inner = inner.expect("a folder entry");
                    let file = inner.file_name().to_string_lossy().into_owned();
                    if is_language_file(&file) {
                        on_disk.push(format!("{name}/{file}"));
                    }
                }
            } else if is_language_file(&name) {
                on_disk.push(name);
            }
        }
        on_disk.sort();
        let mut checked: Vec<String> = FILES.iter().map(|(_, p, _)| (*p).to_owned()).collect();
        checked.sort();
        assert_eq!(
            on_disk, checked,
            "add every language file to FILES in app/src/i18n/glossary.rs"
        );
        for (lang, path, _) in FILES {
            assert!(
                path.ends_with(&format!("{}.rs", lang.code())),
                "{path} is checked as {}",
                lang.code()
            );
        }
    }

    #[test]
    fn the_glossary_keeps_its_own_rules() {
        for term in GLOSSARY {
            for lang in Lang::ALL {
                assert!(
                    !term.term(lang).trim().is_empty(),
                    "{} has no {} term",
                    term.concept,
                    lang.code()
                );
                let found = problems(lang, term.term(lang));
                assert!(
                    found.is_empty(),
                    "the {} term for {} breaks the glossary: {:?}",
                    lang.code(),
                    term.concept,
                    found
                );
            }
        }
    }

    #[test]
    fn words_split_on_any_script_and_keep_hyphens() {
        let split: Vec<String> = words("Стратегиялык милдет, «ӨЭУлардын» суроо-талапты — G1; -x-")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            split,
            [
                "стратегиялык",
                "милдет",
                "өэулардын",
                "суроо-талапты",
                "g1",
                "x"
            ]
        );
        let text = "Укук колдонуу жана";
        let ranges = occurrences("укук колдонуу*", &words(text));
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["Укук колдонуу"]
        );
    }

    #[test]
    fn the_checks_catch_the_old_wording_and_pass_the_new() {
        let caught = [
            (Lang::Ky, "Стратегиялык милдет"),
            (Lang::Ky, "Бардык милдеттер"),
            (
                Lang::Ky,
                "мамлекеттик органдардын жана ӨЭУлардын тапшырмалары",
            ),
            (Lang::Ky, "Өз убагында отчёттор"),
            (Lang::Ky, "Укук колдонуу жана сунушту кыскартуу"),
            (Lang::Ky, "Сунушту азайтуу (D1)"),
            (Lang::Ky, "Жаш топтору боюнча"),
            (Lang::Ky, "Бул максатка кызмат кылган"),
            (Lang::Ky, "Максаттар жана багыттар"),
            (Lang::Ru, "Новая задача"),
            (Lang::Ru, "Все задачи"),
            (Lang::Ru, "Задания по статусам"),
            (Lang::Ru, "Начато заданий"),
            (Lang::Ru, "Отчет обновлён."),
            (Lang::Ru, "Стратегические задачи этой цели"),
            (Lang::Ru, "Айыльный аймак"),
            (Lang::En, "All objectives"),
            (Lang::En, "progress against the concept's goals"),
            (Lang::En, "Part of the assignment"),
        ];
        for (lang, text) in caught {
            assert!(
                !problems(lang, text).is_empty(),
                "{text:?} should be caught"
            );
        }
        let passed = [
            (Lang::Ky, "Концепциянын стратегиялык максаттары"),
            (Lang::Ky, "Ички саясаттын негизги максаттары"),
            (Lang::Ky, "Максаттуу маани"),
            (Lang::Ky, "Максаттуу топтор"),
            (Lang::Ky, "Баңгизаттар менен камсыз кылууну азайтуу (D1)"),
            (Lang::Ky, "Укук коргоо органдары"),
            (Lang::Ky, "Курак тобу"),
            (Lang::Ky, "коммерциялык эмес уюмдардын (КЭУ) отчеттору"),
            (Lang::Ru, "фильтр по стратегической задаче"),
            (Lang::Ru, "Стратегические задачи концепции"),
            (Lang::Ru, "Новое поручение"),
            (Lang::Ru, "Задайте свой пароль."),
            (Lang::Ru, "Целевое значение"),
            (Lang::Ru, "к основным целям концепции"),
            (Lang::Ru, "Исполнитель-отчётник"),
            (Lang::En, "Main goals of the internal policy"),
            (Lang::En, "Strategic objectives serving this main goal"),
            (Lang::En, "Tasks of this group assignment"),
        ];
        for (lang, text) in passed {
            assert_eq!(problems(lang, text), Vec::new(), "{text:?} should pass");
        }
    }
}
