-- The daemon's runtime role's writes, table by table (see Deploy/roles.sql). Idempotent: run
-- after every `bulletind migrate` as a superuser or as bulletind_migrator.
GRANT USAGE ON SCHEMA bulletin TO bulletind;
GRANT SELECT ON ALL TABLES IN SCHEMA bulletin TO bulletind;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA bulletin TO bulletind;
GRANT INSERT ON bulletin.documents, bulletin.observations TO bulletind;
-- reprocess: replace one plugin's observations of a document, record the plugin's version.
GRANT DELETE ON bulletin.observations TO bulletind;
GRANT UPDATE (plugin_versions) ON bulletin.documents TO bulletind;
