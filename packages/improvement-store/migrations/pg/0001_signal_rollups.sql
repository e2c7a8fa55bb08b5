CREATE TABLE "signal_rollup_hourly" (
	"tenant_id" text NOT NULL,
	"hour" integer NOT NULL,
	"signal_type" text NOT NULL,
	"severity" text NOT NULL,
	"n" integer NOT NULL,
	"occurrences" integer NOT NULL,
	"quality_sum" double precision NOT NULL,
	"high_n" integer NOT NULL,
	CONSTRAINT "signal_rollup_hourly_tenant_id_hour_signal_type_severity_pk" PRIMARY KEY("tenant_id","hour","signal_type","severity")
);
--> statement-breakpoint
-- Hand-added data migration: backfill the rollups of signals stored before this migration.
INSERT INTO "signal_rollup_hourly" ("tenant_id", "hour", "signal_type", "severity", "n", "occurrences", "quality_sum", "high_n")
SELECT "tenant_id", ("recorded_at_us" / 3600000000)::integer, "signal_type", "severity", COUNT(*), SUM("occurrence_count"), SUM("quality_score"), SUM(CASE WHEN "quality_label" = 'high' THEN 1 ELSE 0 END)
FROM "learning_signals" GROUP BY 1, 2, 3, 4;
