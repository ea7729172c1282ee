"""SQLAlchemy models: the vault's tables. Migrations in ``migrations/`` create them.

Days are ``Date`` columns: SQLite's Date stores 'YYYY-MM-DD', the text the vaults have always
held, so the ORM converts and old vaults need no migration. Moments (``*_at``) stay the text
written: the audit chain hashes ``at`` as written, and the return and key columns hold a
manifest's own spelling (seconds) beside the app's stamps (microseconds), which one
DateTime type would rewrite on save."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class TrustRow(Base):
    """The trust this vault belongs to (one per vault; a row so returns can name it)."""

    __tablename__ = "trust"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(300))


class CoordinatorRow(Base):
    __tablename__ = "coordinator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trust_code: Mapped[str] = mapped_column(ForeignKey("trust.code"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[str] = mapped_column(String(32))


class SettingRow(Base):
    """One setting as JSON text, so new settings need no migration."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    """Append-only; each entry holds the hash of the one before it, so edits and deletions
    anywhere in the trail break the chain and ``integrity`` finds them."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class DraftRow(Base):
    """A half-filled form saved when the vault locks, restored on unlock (encrypted like
    everything else in the vault)."""

    __tablename__ = "draft"

    form_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    saved_at: Mapped[str] = mapped_column(String(32))
    payload_json: Mapped[str] = mapped_column(Text)


class VolunteerRow(Base):
    """A volunteer. Lists are JSON text. ``search_text`` holds the folded names, code, phone
    digits and email so search-as-you-type is one indexed-column scan.
    ``ready_until`` is derived from the onboarding checks on every change: the last day the
    volunteer is ready (``date.max``, 9999-12-31, when nothing expires), or NULL when not ready."""

    __tablename__ = "volunteer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    given_names: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date, index=True)
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    email: Mapped[str] = mapped_column(String(320), default="", index=True)
    postcode_district: Mapped[str] = mapped_column(String(8), default="")
    languages_json: Mapped[str] = mapped_column(Text, default="[]")
    english_level: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(40), default="not_known", index=True)
    leave_expires_on: Mapped[date | None] = mapped_column(Date)
    rtw_evidence: Mapped[str] = mapped_column(String(40), default="")
    rtw_checked_on: Mapped[date | None] = mapped_column(Date)
    rtw_checked_by: Mapped[str] = mapped_column(String(200), default="")
    rtw_follow_up_on: Mapped[date | None] = mapped_column(Date)
    reporting_days_json: Mapped[str] = mapped_column(String(40), default="[]")
    profession: Mapped[str] = mapped_column(String(100), default="", index=True)
    country_qualified: Mapped[str] = mapped_column(String(100), default="")
    years_experience: Mapped[int | None] = mapped_column(Integer)
    goals: Mapped[str] = mapped_column(Text, default="")
    # The keys of the barriers still open, kept from the barrier rows (``data.barriers``)
    # for the form's ticks, lists and the dashboard; the rows hold the dates.
    barriers_json: Mapped[str] = mapped_column(Text, default="[]")
    barriers_note: Mapped[str] = mapped_column(Text, default="")
    referral_source: Mapped[str] = mapped_column(String(100), default="")
    consent_records_on: Mapped[date | None] = mapped_column(Date)
    consent_records_withdrawn_on: Mapped[date | None] = mapped_column(Date)
    consent_sharing_on: Mapped[date | None] = mapped_column(Date)
    consent_sharing_withdrawn_on: Mapped[date | None] = mapped_column(Date)
    consent_follow_up_on: Mapped[date | None] = mapped_column(Date)
    consent_follow_up_withdrawn_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="enquiry", index=True)
    left_reason: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(60), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    ready_until: Mapped[date | None] = mapped_column(Date, index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer.id"))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))

    checks: Mapped[list[OnboardingCheckRow]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )


class OnboardingCheckRow(Base):
    __tablename__ = "onboarding_check"
    __table_args__ = (UniqueConstraint("volunteer_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    completed_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    volunteer: Mapped[VolunteerRow] = relationship(back_populates="checks")


class PlacementRow(Base):
    """A ward or department volunteers are placed in."""

    __tablename__ = "placement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role_description: Mapped[str] = mapped_column(Text, default="")
    supervisor: Mapped[str] = mapped_column(String(200), default="")
    patient_facing: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(60), default="")  # onboarding role it needs
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class ShiftMonthTotalRow(Base):
    """A volunteer's service minutes and attended shifts in a month: kept by triggers on the
    shift table (migration 0010), read for totals over many months."""

    __tablename__ = "shift_month_total"

    volunteer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    service_minutes: Mapped[int] = mapped_column(Integer)
    attended: Mapped[int] = mapped_column(Integer)


class ShiftRow(Base):
    """One shift. Times are the ward's wall clock; minutes are computed once, when booked or
    changed, so hours totals are sums of integers in SQL."""

    __tablename__ = "shift"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id"))
    shift_date: Mapped[date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7))
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    planned_minutes: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12), default="planned")
    cancelled_by: Mapped[str] = mapped_column(String(20), default="")
    actual_minutes: Mapped[int | None] = mapped_column(Integer)
    service_minutes: Mapped[int] = mapped_column(Integer, default=0)
    series_id: Mapped[str | None] = mapped_column(String(36))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    # The day its hours were approved; cleared when what happened is changed.
    approved_on: Mapped[date | None] = mapped_column(Date)


class ExpenseRow(Base):
    __tablename__ = "expense"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    claimed_on: Mapped[date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    amount_pence: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))


class MonthApprovalRow(Base):
    """A month the coordinator approved: its shifts and expenses are locked until unlocked
    with a reason (both recorded in the audit log)."""

    __tablename__ = "month_approval"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=True)
    approved_at: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(200))


class ActivityRow(Base):
    """A workshop, class or session; attended time counts as training hours."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7))
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    minutes: Mapped[int] = mapped_column(Integer)
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))


class ActivityAttendanceRow(Base):
    """One volunteer on an activity's register: invited (False) or attended (True)."""

    __tablename__ = "activity_attendance"
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), primary_key=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)


class SigningKeyRow(Base):
    """The vault's Ed25519 signing keys; the newest not retired signs returns."""

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(32))
    retired_at: Mapped[str | None] = mapped_column(String(32))


class ReturnExportRow(Base):
    """One signed bundle, kept byte for byte; ``sequence`` never goes back."""

    __tablename__ = "return_export"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    period_label: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    created_at: Mapped[str] = mapped_column(String(32))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(120))
    key_id: Mapped[str] = mapped_column(String(32))
    supersedes: Mapped[int | None] = mapped_column(Integer)
    totals_json: Mapped[str] = mapped_column(Text)
    bundle: Mapped[bytes] = mapped_column(LargeBinary)


class TrustedKeyRow(Base):
    """Programme manager's vault: a trust's public key returns may be signed with."""

    __tablename__ = "trusted_key"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    trust: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class ReceivedReturnRow(Base):
    """Programme manager's vault: a return that passed every check, kept byte for byte."""

    __tablename__ = "received_return"

    trust: Mapped[str] = mapped_column(String(16), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    period_label: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[str] = mapped_column(String(32))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(120))
    supersedes: Mapped[int | None] = mapped_column(Integer)
    totals_json: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
    bundle: Mapped[bytes] = mapped_column(LargeBinary)


class SupportPlanRow(Base):
    """A volunteer's needs and strengths (the assessment); barriers live on the volunteer."""

    __tablename__ = "support_plan"

    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), primary_key=True)
    needs: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(32))


class PlanMilestoneRow(Base):
    """One step of a pathway in a volunteer's plan; the template's facts copied in."""

    __tablename__ = "plan_milestone"
    __table_args__ = (UniqueConstraint("volunteer_id", "pathway", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    pathway: Mapped[str] = mapped_column(String(60))
    step: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    evidence: Mapped[str] = mapped_column(Text, default="")
    depends_on_json: Mapped[str] = mapped_column(Text, default="[]")
    valid_months: Mapped[int | None] = mapped_column(Integer)
    needs_valid_json: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    target_on: Mapped[date | None] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(20), default="volunteer")


class ReviewRow(Base):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    held_on: Mapped[date] = mapped_column(Date)
    confidence: Mapped[int | None] = mapped_column(Integer)
    english: Mapped[int | None] = mapped_column(Integer)
    belonging: Mapped[int | None] = mapped_column(Integer)
    career_clarity: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))


class OutcomeRow(Base):
    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    kind: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    employer: Mapped[str] = mapped_column(String(200), default="")
    nhs: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(200), default="")
    band: Mapped[str] = mapped_column(String(4), default="")
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    course: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))


class OutcomeFollowUpRow(Base):
    """``result`` is in_post, in_study or left (``still_there`` is result != left, kept
    for older readers); ``reason`` is from the follow-up reasons list."""

    __tablename__ = "outcome_follow_up"

    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"), primary_key=True)
    months: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    done_on: Mapped[date] = mapped_column(Date)
    still_there: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(String(100), default="")


class BarrierRow(Base):
    """A barrier to work: identified on a day, resolved on a day (NULL while open), with a
    note of what helped (free text: it stays in the vault, never in a return)."""

    __tablename__ = "barrier"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    key: Mapped[str] = mapped_column(String(60))
    identified_on: Mapped[date] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    helped: Mapped[str] = mapped_column(Text, default="")


class CaseNoteRow(Base):
    """A dated contact note. Never in a return; in subject access; deleted on erasure.
    ``next_step_on`` shows on Today until ``next_step_done``."""

    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"))
    written_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_step_on: Mapped[date | None] = mapped_column(Date)
    next_step_done: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[str] = mapped_column(String(32))
