"""Entities: people, organisations, groups and places, merged across documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sitrep.api.deps import READ, CatalogDep
from sitrep.api.problems import not_found
from sitrep.api.schemas import EntityOut, EntityPage, EntityQuery

router = APIRouter(prefix="/api/entities", tags=["entities"], dependencies=READ)


@router.get("", response_model=EntityPage, summary="Entities, by name or alias and kind")
def list_entities(catalog: CatalogDep, query: Annotated[EntityQuery, Query()]) -> dict[str, Any]:
    page = catalog.entities(query.q, query.kind, query.limit, query.offset)
    return {"total": page.total, "limit": query.limit, "offset": query.offset, "entities": page.items}


@router.get("/{entity_id}", response_model=EntityOut, summary="One entity with its aliases and mentions")
def get_entity(catalog: CatalogDep, entity_id: str) -> dict[str, Any]:
    entity = catalog.entity(entity_id)
    if entity is None:
        raise not_found(f"entity {entity_id}")
    return entity
