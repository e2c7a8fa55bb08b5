CREATE TABLE "checklists" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"checklist_id" text NOT NULL,
	"period" text NOT NULL,
	"created_at_us" bigint NOT NULL,
	"doc" text NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_signals" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"signal_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"recorded_at_us" bigint NOT NULL,
	"ingested_at_us" bigint NOT NULL,
	"signal_type" text NOT NULL,
	"severity" text NOT NULL,
	"severity_rank" integer NOT NULL,
	"summary" text NOT NULL,
	"details" text NOT NULL,
	"source" text NOT NULL,
	"context" text NOT NULL,
	"quality_score" double precision NOT NULL,
	"quality_label" text NOT NULL,
	"quality_reasons" text NOT NULL,
	"enrichment" text NOT NULL,
	"fingerprint" text NOT NULL,
	"occurrence_count" integer NOT NULL,
	"first_seen_at_us" bigint NOT NULL,
	"last_seen_at_us" bigint NOT NULL,
	"intake_generated" integer NOT NULL,
	"related_intake_id" text,
	CONSTRAINT "learning_signals_type_ck" CHECK (signal_type IN ('bug', 'incident', 'feedback', 'performance', 'security', 'process')),
	CONSTRAINT "learning_signals_severity_ck" CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "learning_signals_rank_ck" CHECK (severity_rank BETWEEN 1 AND 4),
	CONSTRAINT "learning_signals_label_ck" CHECK (quality_label IN ('low', 'medium', 'high')),
	CONSTRAINT "learning_signals_flag_ck" CHECK (intake_generated IN (0, 1))
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"lesson_id" text NOT NULL,
	"phase" text NOT NULL,
	"event_type" text NOT NULL,
	"recorded_at_us" bigint NOT NULL,
	"doc" text NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics_snapshots" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"snapshot_id" text NOT NULL,
	"period" text NOT NULL,
	"captured_at_us" bigint NOT NULL,
	"doc" text NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research_intakes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"intake_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"submitted_at_us" bigint NOT NULL,
	"status" text NOT NULL,
	"research_type" text NOT NULL,
	"urgency" text NOT NULL,
	"title" text NOT NULL,
	"priority_score" integer NOT NULL,
	"generated_from_signal_id" text,
	"doc" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at_us" bigint NOT NULL,
	CONSTRAINT "research_intakes_status_ck" CHECK (status IN ('submitted', 'triaged', 'analyzing', 'accepted', 'deferred', 'rejected', 'tracked'))
);
--> statement-breakpoint
CREATE TABLE "roadmap_refreshes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"refresh_id" text NOT NULL,
	"scope" text NOT NULL,
	"scheduled_at_us" bigint NOT NULL,
	"doc" text NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_checkpoints" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"state" text NOT NULL,
	"updated_at_us" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"type" text NOT NULL,
	"tenant_id" text NOT NULL,
	"content" text NOT NULL,
	"payload" text NOT NULL,
	"recorded_at_us" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sb_baselines" (
	"name" text NOT NULL,
	"run_id" text NOT NULL,
	"set_at_us" bigint NOT NULL,
	CONSTRAINT "sb_baselines_name_pk" PRIMARY KEY("name")
);
--> statement-breakpoint
CREATE TABLE "sb_runs" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at_ms" bigint NOT NULL,
	"finished_at_ms" bigint,
	"config" text NOT NULL,
	"provenance" text NOT NULL,
	"aggregates" text,
	CONSTRAINT "sb_runs_status_ck" CHECK (status IN ('running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "sb_trials" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"trial_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"task_id" text NOT NULL,
	"outcome" text NOT NULL,
	"record" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "checklists_checklist_id_uq" ON "checklists" USING btree ("checklist_id");--> statement-breakpoint
CREATE INDEX "checklists_period_idx" ON "checklists" USING btree ("period","created_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_signals_signal_id_uq" ON "learning_signals" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "learning_signals_tenant_time_idx" ON "learning_signals" USING btree ("tenant_id","recorded_at_us");--> statement-breakpoint
CREATE INDEX "learning_signals_time_idx" ON "learning_signals" USING btree ("recorded_at_us");--> statement-breakpoint
CREATE INDEX "learning_signals_dedupe_idx" ON "learning_signals" USING btree ("tenant_id","fingerprint","last_seen_at_us");--> statement-breakpoint
CREATE INDEX "learning_signals_candidates_idx" ON "learning_signals" USING btree ("tenant_id","severity_rank","quality_score","recorded_at_us") WHERE intake_generated = 0;--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_lesson_id_uq" ON "lessons" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "lessons_phase_idx" ON "lessons" USING btree ("phase","recorded_at_us");--> statement-breakpoint
CREATE INDEX "lessons_event_type_idx" ON "lessons" USING btree ("event_type","recorded_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "metrics_snapshots_snapshot_id_uq" ON "metrics_snapshots" USING btree ("snapshot_id");--> statement-breakpoint
CREATE INDEX "metrics_snapshots_captured_idx" ON "metrics_snapshots" USING btree ("captured_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "research_intakes_intake_id_uq" ON "research_intakes" USING btree ("intake_id");--> statement-breakpoint
CREATE UNIQUE INDEX "research_intakes_from_signal_uq" ON "research_intakes" USING btree ("generated_from_signal_id") WHERE generated_from_signal_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "research_intakes_tenant_status_idx" ON "research_intakes" USING btree ("tenant_id","status","submitted_at_us");--> statement-breakpoint
CREATE INDEX "research_intakes_status_idx" ON "research_intakes" USING btree ("status","submitted_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "roadmap_refreshes_refresh_id_uq" ON "roadmap_refreshes" USING btree ("refresh_id");--> statement-breakpoint
CREATE INDEX "roadmap_refreshes_scope_idx" ON "roadmap_refreshes" USING btree ("scope","scheduled_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "run_checkpoints_run_id_uq" ON "run_checkpoints" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_events_run_idx" ON "run_events" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "run_events_time_idx" ON "run_events" USING btree ("tenant_id","recorded_at_us");--> statement-breakpoint
CREATE UNIQUE INDEX "sb_runs_run_id_uq" ON "sb_runs" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "sb_runs_created_idx" ON "sb_runs" USING btree ("created_at_ms");--> statement-breakpoint
CREATE UNIQUE INDEX "sb_trials_trial_attempt_uq" ON "sb_trials" USING btree ("trial_id","attempt");--> statement-breakpoint
CREATE INDEX "sb_trials_run_idx" ON "sb_trials" USING btree ("run_id","seq");