//! The demo's substances in the register of new psychoactive substances: three synthetic
//! cathinones and a synthetic cannabinoid with their usual street names, one of them entered as
//! placed under national control (a demonstration record: the act is named as such).

use app::backend::{db, now, state::AppState};
use app::domain::ids::UserId;
use app::domain::substances::inputs::{SubstanceForm, SubstanceInput};
use app::error::AppError;

/// The demo's register entries, as the form would send them.
fn entries() -> Vec<SubstanceForm> {
    vec![
        SubstanceForm {
            name_ky: "Мефедрон".into(),
            name_ru: "Мефедрон".into(),
            name_en: "Mephedrone".into(),
            synonyms: "4-MMC\n4-метилметкатинон\nмеф\nмяу-мяу".into(),
            iupac_name: "2-(methylamino)-1-(4-methylphenyl)propan-1-one".into(),
            cas_number: "1189805-46-6".into(),
            molecular_formula: "C11H15NO".into(),
            chemical_group: "synthetic_cathinone".into(),
            national_list: "list_i".into(),
            legal_act:
                "Постановление Правительства Кыргызской Республики № 543 от 9 ноября 2007 года \
                        (демонстрационная запись)"
                    .into(),
            controlled_since: "2015-06-01".into(),
            international_status: "1971_ii".into(),
            ..SubstanceForm::default()
        },
        SubstanceForm {
            name_ky: "Альфа-PVP".into(),
            name_ru: "Альфа-PVP".into(),
            name_en: "alpha-PVP".into(),
            synonyms: "α-PVP\nальфа-пирролидинопентиофенон\nсоль\nскорость".into(),
            iupac_name: "1-phenyl-2-(pyrrolidin-1-yl)pentan-1-one".into(),
            cas_number: "14530-33-7".into(),
            molecular_formula: "C15H21NO".into(),
            chemical_group: "synthetic_cathinone".into(),
            international_status: "1971_ii".into(),
            ..SubstanceForm::default()
        },
        SubstanceForm {
            name_ky: "JWH-018".into(),
            name_ru: "JWH-018".into(),
            name_en: "JWH-018".into(),
            synonyms: "спайс\nкурительная смесь".into(),
            iupac_name: "naphthalen-1-yl(1-pentyl-1H-indol-3-yl)methanone".into(),
            cas_number: "209414-07-3".into(),
            molecular_formula: "C24H23NO".into(),
            chemical_group: "synthetic_cannabinoid".into(),
            international_status: "1971_ii".into(),
            ..SubstanceForm::default()
        },
        SubstanceForm {
            name_ky: "4-CMC (клефедрон)".into(),
            name_ru: "4-CMC (клефедрон)".into(),
            name_en: "4-CMC (clephedrone)".into(),
            synonyms: "4-хлорметкатинон\nклефедрон\nкристаллы".into(),
            iupac_name: "1-(4-chlorophenyl)-2-(methylamino)propan-1-one".into(),
            cas_number: "1225843-86-6".into(),
            molecular_formula: "C10H12ClNO".into(),
            chemical_group: "synthetic_cathinone".into(),
            international_status: "none".into(),
            ..SubstanceForm::default()
        },
    ]
}

/// Enters the demo's substances, by `coordinator`.
pub async fn load(state: &AppState, coordinator: UserId) -> Result<(), AppError> {
    for form in entries() {
        let input = SubstanceInput::parse(&form)?;
        db::substances::insert(&state.db, &input, coordinator, true, now()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_entries_are_valid() {
        for form in super::entries() {
            app::domain::substances::inputs::SubstanceInput::parse(&form).expect("valid");
        }
    }
}
