//! The closed lists a substance is described with: its chemical group, the national control
//! list it is on (if any), and its status under the 1961 and 1971 Conventions.

use crate::domain::tasks::fields::text_enum;

text_enum!(
    substances,
    /// The chemical group, as UNODC's Early Warning Advisory groups new psychoactive
    /// substances.
    ChemicalGroup {
        SyntheticCathinone = "synthetic_cathinone" => group_synthetic_cathinone,
        SyntheticCannabinoid = "synthetic_cannabinoid" => group_synthetic_cannabinoid,
        Phenethylamine = "phenethylamine" => group_phenethylamine,
        Tryptamine = "tryptamine" => group_tryptamine,
        Opioid = "opioid" => group_opioid,
        Benzodiazepine = "benzodiazepine" => group_benzodiazepine,
        Arylcyclohexylamine = "arylcyclohexylamine" => group_arylcyclohexylamine,
        PlantBased = "plant_based" => group_plant_based,
        Other = "other" => group_other,
    }
);

text_enum!(
    substances,
    /// The national list of controlled substances a substance is on, or temporary control (a
    /// decision of the early-warning system while a substance awaits a list).
    NationalList {
        ListI = "list_i" => list_i,
        ListII = "list_ii" => list_ii,
        ListIII = "list_iii" => list_iii,
        ListIV = "list_iv" => list_iv,
        Temporary = "temporary" => list_temporary,
    }
);

text_enum!(
    substances,
    /// Where a substance stands under the international conventions: not controlled (a new
    /// psychoactive substance in the strict sense), or on a schedule of the 1961 Single
    /// Convention or the 1971 Convention on Psychotropic Substances.
    InternationalStatus {
        None = "none" => international_none,
        Convention1961I = "1961_i" => convention_1961_i,
        Convention1961II = "1961_ii" => convention_1961_ii,
        Convention1961IV = "1961_iv" => convention_1961_iv,
        Convention1971I = "1971_i" => convention_1971_i,
        Convention1971II = "1971_ii" => convention_1971_ii,
        Convention1971III = "1971_iii" => convention_1971_iii,
        Convention1971IV = "1971_iv" => convention_1971_iv,
    }
);
