"""The living record: inputs, documents, reports, entities, claims, figures, fused events

Revision ID: 0001
Revises:
Create Date: 2026-12-02 06:38:21.914809
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=40), nullable=True),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("duplicate_of_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("similarity", sa.Double(), nullable=True),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["documents.id"], name=op.f("fk_documents_duplicate_of_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("key", name=op.f("uq_documents_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_duplicate_of_id"), ["duplicate_of_id"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("actor_kind", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["entities.id"], name=op.f("fk_entities_merged_into_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_kind"), ["kind"], unique=False)

    op.create_table(
        "fused_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("merged_into_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("type_group", sa.String(length=16), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("cell", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("place_name", sa.String(length=256), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("place_precision", sa.String(length=16), nullable=True),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["fused_events.id"], name=op.f("fk_fused_events_merged_into_id_fused_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fused_events")),
    )
    with op.batch_alter_table("fused_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fused_events_block_days", ["type_group", "date_from", "date_to"], unique=False
        )
        batch_op.create_index("ix_fused_events_block_place", ["type_group", "cell"], unique=False)
        batch_op.create_index(batch_op.f("ix_fused_events_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_fused_events_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_fused_events_type"), ["type"], unique=False)

    op.create_table(
        "raw_inputs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_inputs")),
        sa.UniqueConstraint("sha256", name=op.f("uq_raw_inputs_sha256")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", "kind", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "document_bands",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_bands_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_bands")),
    )
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.create_index("ix_document_bands_band_hash", ["band", "hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_bands_document_id"), ["document_id"], unique=False)

    op.create_table(
        "document_versions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw_input_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_versions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["raw_input_id"], ["raw_inputs.id"], name=op.f("fk_document_versions_raw_input_id_raw_inputs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint("document_id", "version", name=op.f("uq_document_versions_document_id")),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_versions_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_versions_raw_input_id"), ["raw_input_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_versions_sha256"), ["sha256"], unique=False)

    op.create_table(
        "entity_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_keys_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_keys")),
        sa.UniqueConstraint("key", "entity_id", name=op.f("uq_entity_keys_key")),
    )
    with op.batch_alter_table("entity_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_keys_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_keys_key"), ["key"], unique=False)

    op.create_table(
        "entity_names",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_names_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_names")),
        sa.UniqueConstraint("entity_id", "kind", "text", name=op.f("uq_entity_names_entity_id")),
    )
    with op.batch_alter_table("entity_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_names_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "rejections",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("document_key", sa.String(length=512), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw_input_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_input_id"], ["raw_inputs.id"], name=op.f("fk_rejections_raw_input_id_raw_inputs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejections")),
    )
    with op.batch_alter_table("rejections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejections_document_key"), ["document_key"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("time", sa.String(length=40), nullable=True),
        sa.Column("time_utc", sa.DateTime(), nullable=True),
        sa.Column("time_precision", sa.String(length=16), nullable=False),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("stamp", sa.Text(), nullable=True),
        sa.Column("doc_start", sa.Integer(), nullable=False),
        sa.Column("doc_end", sa.Integer(), nullable=False),
        sa.Column("superseded_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_reports_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"], ["reports.id"], name=op.f("fk_reports_superseded_by_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["document_versions.id"], name=op.f("fk_reports_version_id_document_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("document_id", "key", name=op.f("uq_reports_document_id")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_time_utc"), ["time_utc"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_version_id"), ["version_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=700), nullable=False),
        sa.Column("document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("fused_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=64), nullable=True),
        sa.Column("acled_event_type", sa.String(length=64), nullable=True),
        sa.Column("acled_sub_event_type", sa.String(length=64), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=False),
        sa.Column("place_name", sa.String(length=256), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.String(length=256), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("place_precision", sa.String(length=16), nullable=True),
        sa.Column("attribution", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("report_time", sa.String(length=40), nullable=True),
        sa.Column("report_time_utc", sa.DateTime(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("doc_start", sa.Integer(), nullable=False),
        sa.Column("doc_end", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["fused_event_id"], ["fused_events.id"], name=op.f("fk_claims_fused_event_id_fused_events")
        ),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_claims_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("key", name=op.f("uq_claims_key")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index(
            "ix_claims_fused_event_id_superseded", ["fused_event_id", "superseded"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_report_id"), ["report_id"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("doc_start", sa.Integer(), nullable=False),
        sa.Column("doc_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_mentions_entity_id_entities")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_mentions_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_report_id"), ["report_id"], unique=False)

    op.create_table(
        "claim_actors",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_actors_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_claim_actors_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_actors")),
    )
    with op.batch_alter_table("claim_actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_actors_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_actors_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "claim_sources",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=512), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_sources_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_claim_sources_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_sources")),
    )
    with op.batch_alter_table("claim_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_sources_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_sources_source_id"), ["source_id"], unique=False)

    op.create_table(
        "figures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("min", sa.Integer(), nullable=True),
        sa.Column("max", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("group", sa.String(length=256), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("doc_start", sa.Integer(), nullable=False),
        sa.Column("doc_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_figures_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "fusion_history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("fused_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("other_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("claim_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_fusion_history_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["fused_event_id"],
            ["fused_events.id"],
            name=op.f("fk_fusion_history_fused_event_id_fused_events"),
        ),
        sa.ForeignKeyConstraint(
            ["other_event_id"],
            ["fused_events.id"],
            name=op.f("fk_fusion_history_other_event_id_fused_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fusion_history")),
    )
    with op.batch_alter_table("fusion_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fusion_history_fused_event_id"), ["fused_event_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("fusion_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fusion_history_fused_event_id"))

    op.drop_table("fusion_history")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figures_claim_id"))

    op.drop_table("figures")
    with op.batch_alter_table("claim_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_sources_source_id"))
        batch_op.drop_index(batch_op.f("ix_claim_sources_claim_id"))

    op.drop_table("claim_sources")
    with op.batch_alter_table("claim_actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_actors_entity_id"))
        batch_op.drop_index(batch_op.f("ix_claim_actors_claim_id"))

    op.drop_table("claim_actors")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_report_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_report_id"))
        batch_op.drop_index("ix_claims_fused_event_id_superseded")
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))

    op.drop_table("claims")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_version_id"))
        batch_op.drop_index(batch_op.f("ix_reports_time_utc"))
        batch_op.drop_index(batch_op.f("ix_reports_document_id"))

    op.drop_table("reports")
    with op.batch_alter_table("rejections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejections_document_key"))

    op.drop_table("rejections")
    with op.batch_alter_table("entity_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_names_entity_id"))

    op.drop_table("entity_names")
    with op.batch_alter_table("entity_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_keys_key"))
        batch_op.drop_index(batch_op.f("ix_entity_keys_entity_id"))

    op.drop_table("entity_keys")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_versions_raw_input_id"))
        batch_op.drop_index(batch_op.f("ix_document_versions_document_id"))

    op.drop_table("document_versions")
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_bands_document_id"))
        batch_op.drop_index("ix_document_bands_band_hash")

    op.drop_table("document_bands")
    op.drop_table("sources")
    op.drop_table("raw_inputs")
    with op.batch_alter_table("fused_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fused_events_type"))
        batch_op.drop_index(batch_op.f("ix_fused_events_status"))
        batch_op.drop_index(batch_op.f("ix_fused_events_country"))
        batch_op.drop_index("ix_fused_events_block_place")
        batch_op.drop_index("ix_fused_events_block_days")

    op.drop_table("fused_events")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_kind"))

    op.drop_table("entities")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_duplicate_of_id"))

    op.drop_table("documents")
