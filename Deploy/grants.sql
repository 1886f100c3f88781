-- The daemon's runtime role's writes, table by table (see Deploy/roles.sql). Idempotent: run
-- after every `bulletind migrate` as a superuser or as bulletind_migrator.
GRANT USAGE ON SCHEMA bulletin TO bulletind;
GRANT SELECT ON ALL TABLES IN SCHEMA bulletin TO bulletind;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA bulletin TO bulletind;
GRANT INSERT ON bulletin.documents, bulletin.observations TO bulletind;
-- reprocess: replace one plugin's observations of a document, record the plugin's version, and
-- rewrite a document's renormalized body and the metadata read from it (StoredDocuments.swift:
-- the row is locked with SELECT … FOR UPDATE, which these column grants allow). Nothing else of
-- a document (sha256, file_name, byte_size, encoding, ingested_at) is ever updated.
GRANT DELETE ON bulletin.observations TO bulletind;
GRANT UPDATE (plugin_versions, body, title, published, issuer, region) ON bulletin.documents TO bulletind;
