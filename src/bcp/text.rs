//! Words for the BCP's values in the user's language, shared by the document, `bcp check`,
//! `status` and the report, so a gap or a state is called the same everywhere.

use crate::i18n::Lang;
use crate::model::asset::AssetKind;
use crate::model::bcp::{BcpStatus, Connection, Importance, Line, PlanState, Signing};
use crate::model::bcp_check::{EhrField, Missing, SystemField};
use crate::text::role_label;
use crate::tr;

pub fn importance_label(lang: Lang, i: Importance) -> &'static str {
    match i {
        Importance::High => tr!(lang, "bcp.importance.high"),
        Importance::Medium => tr!(lang, "bcp.importance.medium"),
        Importance::Low => tr!(lang, "bcp.importance.low"),
    }
}

pub fn connection_label(lang: Lang, c: Connection) -> &'static str {
    match c {
        Connection::QualificationTerminal => tr!(lang, "bcp.connection.terminal"),
        Connection::WebApi => tr!(lang, "bcp.connection.web_api"),
    }
}

pub fn line_label(lang: Lang, l: Line) -> &'static str {
    match l {
        Line::IpVpn => tr!(lang, "bcp.line.ip_vpn"),
        Line::IpsecIke => tr!(lang, "bcp.line.ipsec_ike"),
    }
}

pub fn signing_label(lang: Lang, s: Signing) -> &'static str {
    match s {
        Signing::HpkiCard => tr!(lang, "bcp.signing.hpki_card"),
        Signing::Cardless => tr!(lang, "bcp.signing.cardless"),
    }
}

pub fn asset_kind_label(lang: Lang, k: AssetKind) -> &'static str {
    match k {
        AssetKind::Server => tr!(lang, "bcp.kind.server"),
        AssetKind::Terminal => tr!(lang, "bcp.kind.terminal"),
        AssetKind::Network => tr!(lang, "bcp.kind.network"),
        AssetKind::MedicalDevice => tr!(lang, "bcp.kind.medical_device"),
        AssetKind::Other => tr!(lang, "bcp.kind.other"),
    }
}

pub fn system_field_label(lang: Lang, f: SystemField) -> &'static str {
    match f {
        SystemField::Vendor => tr!(lang, "bcp.field.vendor"),
        SystemField::Importance => tr!(lang, "bcp.field.importance"),
        SystemField::RestorePriority => tr!(lang, "bcp.field.priority"),
        SystemField::TargetRecovery => tr!(lang, "bcp.field.target_recovery"),
        SystemField::Alternative => tr!(lang, "bcp.field.alternative"),
        SystemField::BackupFrequency => tr!(lang, "bcp.field.backup_frequency"),
        SystemField::BackupMethod => tr!(lang, "bcp.field.backup_method"),
        SystemField::BackupLocation => tr!(lang, "bcp.field.backup_location"),
        SystemField::BackupOffline => tr!(lang, "bcp.field.offline_copy"),
        SystemField::RestoreProcedure => tr!(lang, "bcp.field.restore_procedure"),
        SystemField::RestoreTest => tr!(lang, "bcp.field.restore_test"),
    }
}

fn system_field_option(f: SystemField) -> &'static str {
    match f {
        SystemField::Vendor => "--vendor",
        SystemField::Importance => "--importance",
        SystemField::RestorePriority => "--priority",
        SystemField::TargetRecovery => "--target-recovery",
        SystemField::Alternative => "--alternative",
        SystemField::BackupFrequency => "--backup-frequency",
        SystemField::BackupMethod => "--backup-method",
        SystemField::BackupLocation => "--backup-location",
        SystemField::BackupOffline => "--offline-copy yes",
        SystemField::RestoreProcedure => "--restore-procedure",
        SystemField::RestoreTest => "--restore-test",
    }
}

pub fn ehr_field_label(lang: Lang, f: EhrField) -> &'static str {
    match f {
        EhrField::Connection => tr!(lang, "bcp.ehr.connection"),
        EhrField::Line => tr!(lang, "bcp.ehr.line"),
        EhrField::LineProvider => tr!(lang, "bcp.ehr.line_provider"),
        EhrField::RouterLocation => tr!(lang, "bcp.ehr.router_location"),
        EhrField::TerminalLocation => tr!(lang, "bcp.ehr.terminal_location"),
        EhrField::Signing => tr!(lang, "bcp.ehr.signing"),
        EhrField::OnsContact => tr!(lang, "bcp.ehr.ons_contact"),
    }
}

fn ehr_field_option(f: EhrField) -> &'static str {
    match f {
        EhrField::Connection => "--connection",
        EhrField::Line => "--line",
        EhrField::LineProvider => "--line-provider",
        EhrField::RouterLocation => "--router-location",
        EhrField::TerminalLocation => "--terminal-location",
        EhrField::Signing => "--signing",
        EhrField::OnsContact => "--ons-contact",
    }
}

/// What is missing, in words: the part after 「未記入: 」.
pub fn missing_label(lang: Lang, m: &Missing) -> String {
    match m {
        Missing::SecurityOfficer => tr!(lang, "bcp.missing.security_officer").to_string(),
        Missing::Manager => tr!(lang, "bcp.missing.manager").to_string(),
        Missing::Ledger => tr!(lang, "bcp.missing.ledger").to_string(),
        Missing::LedgerKind { asset_kind } => tr!(
            lang,
            "bcp.missing.ledger_kind",
            kind = asset_kind_label(lang, *asset_kind)
        ),
        Missing::LedgerAddresses => tr!(lang, "bcp.missing.ledger_addresses").to_string(),
        Missing::Systems => tr!(lang, "bcp.missing.systems").to_string(),
        Missing::SystemField { system, field, .. } => tr!(
            lang,
            "bcp.missing.system_field",
            system = system,
            field = system_field_label(lang, *field)
        ),
        Missing::Contact { role } => {
            tr!(lang, "bcp.missing.contact", role = role_label(lang, *role))
        }
        Missing::VendorContact { system } => {
            tr!(lang, "bcp.missing.vendor_contact", system = system)
        }
        Missing::EhrSharing => tr!(lang, "bcp.missing.ehr_sharing").to_string(),
        Missing::Ehr { field } => tr!(
            lang,
            "bcp.missing.ehr_field",
            field = ehr_field_label(lang, *field)
        ),
        Missing::Drill => tr!(lang, "bcp.missing.drill").to_string(),
        Missing::DrillOld { last } => tr!(lang, "bcp.missing.drill_old", date = last),
        Missing::Approval => tr!(lang, "bcp.missing.approval").to_string(),
    }
}

/// The command that fills the gap (commands are the same in every language).
pub fn missing_command(m: &Missing) -> String {
    match m {
        Missing::SecurityOfficer => "kensa facility edit --security-officer 氏名".into(),
        Missing::Manager => "kensa facility edit --manager 氏名".into(),
        Missing::Ledger | Missing::LedgerKind { .. } => {
            "kensa inventory import / kensa inventory add / kensa scan".into()
        }
        Missing::LedgerAddresses => "kensa inventory edit 管理番号 --ip … / kensa scan".into(),
        Missing::Systems => "kensa bcp system add --name …".into(),
        Missing::SystemField { id, field, .. } => {
            format!(
                "kensa bcp system edit {id} {} …",
                system_field_option(*field)
            )
        }
        Missing::Contact { role } => format!("kensa contacts add --role {} …", role.as_str()),
        Missing::VendorContact { system } => {
            format!("kensa contacts add --role vendor --system {system} …")
        }
        Missing::EhrSharing => "kensa bcp ehr-sharing set …".into(),
        Missing::Ehr { field } => {
            format!("kensa bcp ehr-sharing set {} …", ehr_field_option(*field))
        }
        Missing::Drill | Missing::DrillOld { .. } => "kensa bcp drill add …".into(),
        Missing::Approval => "kensa bcp approve --by 氏名".into(),
    }
}

/// 「未記入: …（kensa … で登録）」: the whole mark as the document prints it.
pub fn missing_mark(lang: Lang, m: &Missing) -> String {
    tr!(
        lang,
        "bcp.missing_mark",
        what = missing_label(lang, m),
        command = missing_command(m)
    )
}

/// Item 3(3)'s state in one line, labelled: 「BCP（チェックリスト 3(3)）: …」.
pub fn plan_state_line(lang: Lang, s: &BcpStatus) -> String {
    let (plan, drill) = plan_state_parts(lang, s);
    tr!(lang, "bcp.plan.line", plan = plan, drill = drill)
}

/// Item 3(3)'s state without the label, for a table cell.
pub fn plan_state_text(lang: Lang, s: &BcpStatus) -> String {
    let (plan, drill) = plan_state_parts(lang, s);
    tr!(lang, "bcp.plan.text", plan = plan, drill = drill)
}

/// (the plan: none / draft / approved on a date, the last drill).
fn plan_state_parts(lang: Lang, s: &BcpStatus) -> (String, String) {
    let plan = match &s.plan {
        PlanState::None => tr!(lang, "bcp.plan.none").to_string(),
        PlanState::Draft => tr!(lang, "bcp.plan.draft").to_string(),
        PlanState::Approved {
            version,
            on,
            by,
            changed: false,
        } => tr!(
            lang,
            "bcp.plan.approved",
            version = version,
            date = on,
            by = crate::text::safe::safe(by)
        ),
        PlanState::Approved {
            version,
            on,
            by,
            changed: true,
        } => tr!(
            lang,
            "bcp.plan.approved_changed",
            version = version,
            date = on,
            by = crate::text::safe::safe(by)
        ),
    };
    let drill = match s.last_drill {
        Some(d) if s.drill_overdue => tr!(lang, "bcp.plan.drill_old", date = d),
        Some(d) => tr!(lang, "bcp.plan.drill", date = d),
        None => tr!(lang, "bcp.plan.no_drill").to_string(),
    };
    (plan, drill)
}
