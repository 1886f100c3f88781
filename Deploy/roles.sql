-- bulletind's PostgreSQL roles: least privilege for the daemon.
--
--   bulletind_migrator  owns the schema `bulletin`; runs `bulletind migrate` (by hand or from a
--                       deployment job), never the daemon.
--   bulletind           the daemon's runtime role (and `status`, `reprocess`): reads the schema,
--                       inserts documents and observations, and for `reprocess` replaces a
--                       plugin's observations, records the plugin version and rewrites a
--                       document's renormalized body and metadata (see grants.sql). It cannot
--                       create, alter or drop anything (temporary tables included), nor touch
--                       bulletin.schema_migrations.
--
-- Run once as a superuser in the bulletins database, before the first migration:
--   sudo -u postgres psql -d bulletins -v ON_ERROR_STOP=1 -f Deploy/roles.sql
-- then, as the migrator:  PGUSER=bulletind_migrator bulletind migrate
-- then once more as a superuser (or the migrator) after every migration that adds a table:
--   psql -d bulletins -v ON_ERROR_STOP=1 -f Deploy/grants.sql
-- Passwords: ALTER ROLE … PASSWORD '…' by hand, or peer/cert authentication (pg_hba.conf).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bulletind_migrator') THEN
        CREATE ROLE bulletind_migrator LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bulletind') THEN
        CREATE ROLE bulletind LOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO bulletind_migrator', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO bulletind', current_database());
    -- Nobody makes temporary tables here (the daemon needs none).
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
-- Nobody else creates objects in the public schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- What the migrator creates later is readable by the daemon; writes are granted per table below.
ALTER DEFAULT PRIVILEGES FOR ROLE bulletind_migrator GRANT USAGE ON SCHEMAS TO bulletind;
ALTER DEFAULT PRIVILEGES FOR ROLE bulletind_migrator GRANT SELECT ON TABLES TO bulletind;
ALTER DEFAULT PRIVILEGES FOR ROLE bulletind_migrator GRANT USAGE ON SEQUENCES TO bulletind;
