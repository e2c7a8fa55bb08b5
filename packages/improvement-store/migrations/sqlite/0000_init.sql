CREATE TABLE `checklists` (
	`seq` integer PRIMARY KEY NOT NULL,
	`checklist_id` text NOT NULL,
	`period` text NOT NULL,
	`created_at_us` integer NOT NULL,
	`doc` text NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "checklists_doc_ck" CHECK(json_valid(doc))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklists_checklist_id_uq` ON `checklists` (`checklist_id`);--> statement-breakpoint
CREATE INDEX `checklists_period_idx` ON `checklists` (`period`,`created_at_us`);--> statement-breakpoint
CREATE TABLE `learning_signals` (
	`seq` integer PRIMARY KEY NOT NULL,
	`signal_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`recorded_at_us` integer NOT NULL,
	`ingested_at_us` integer NOT NULL,
	`signal_type` text NOT NULL,
	`severity` text NOT NULL,
	`severity_rank` integer NOT NULL,
	`summary` text NOT NULL,
	`details` text NOT NULL,
	`source` text NOT NULL,
	`context` text NOT NULL,
	`quality_score` real NOT NULL,
	`quality_label` text NOT NULL,
	`quality_reasons` text NOT NULL,
	`enrichment` text NOT NULL,
	`fingerprint` text NOT NULL,
	`occurrence_count` integer NOT NULL,
	`first_seen_at_us` integer NOT NULL,
	`last_seen_at_us` integer NOT NULL,
	`intake_generated` integer NOT NULL,
	`related_intake_id` text,
	CONSTRAINT "learning_signals_type_ck" CHECK(signal_type IN ('bug', 'incident', 'feedback', 'performance', 'security', 'process')),
	CONSTRAINT "learning_signals_severity_ck" CHECK(severity IN ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "learning_signals_rank_ck" CHECK(severity_rank BETWEEN 1 AND 4),
	CONSTRAINT "learning_signals_label_ck" CHECK(quality_label IN ('low', 'medium', 'high')),
	CONSTRAINT "learning_signals_json_ck" CHECK(json_valid(context) AND json_valid(quality_reasons) AND json_valid(enrichment)),
	CONSTRAINT "learning_signals_flag_ck" CHECK(intake_generated IN (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `learning_signals_signal_id_uq` ON `learning_signals` (`signal_id`);--> statement-breakpoint
CREATE INDEX `learning_signals_tenant_time_idx` ON `learning_signals` (`tenant_id`,`recorded_at_us`);--> statement-breakpoint
CREATE INDEX `learning_signals_time_idx` ON `learning_signals` (`recorded_at_us`);--> statement-breakpoint
CREATE INDEX `learning_signals_dedupe_idx` ON `learning_signals` (`tenant_id`,`fingerprint`,`last_seen_at_us`);--> statement-breakpoint
CREATE INDEX `learning_signals_candidates_idx` ON `learning_signals` (`tenant_id`,`severity_rank`,`quality_score`,`recorded_at_us`) WHERE intake_generated = 0;--> statement-breakpoint
CREATE TABLE `lessons` (
	`seq` integer PRIMARY KEY NOT NULL,
	`lesson_id` text NOT NULL,
	`phase` text NOT NULL,
	`event_type` text NOT NULL,
	`recorded_at_us` integer NOT NULL,
	`doc` text NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "lessons_doc_ck" CHECK(json_valid(doc))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_lesson_id_uq` ON `lessons` (`lesson_id`);--> statement-breakpoint
CREATE INDEX `lessons_phase_idx` ON `lessons` (`phase`,`recorded_at_us`);--> statement-breakpoint
CREATE INDEX `lessons_event_type_idx` ON `lessons` (`event_type`,`recorded_at_us`);--> statement-breakpoint
CREATE TABLE `metrics_snapshots` (
	`seq` integer PRIMARY KEY NOT NULL,
	`snapshot_id` text NOT NULL,
	`period` text NOT NULL,
	`captured_at_us` integer NOT NULL,
	`doc` text NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "metrics_snapshots_doc_ck" CHECK(json_valid(doc))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metrics_snapshots_snapshot_id_uq` ON `metrics_snapshots` (`snapshot_id`);--> statement-breakpoint
CREATE INDEX `metrics_snapshots_captured_idx` ON `metrics_snapshots` (`captured_at_us`);--> statement-breakpoint
CREATE TABLE `research_intakes` (
	`seq` integer PRIMARY KEY NOT NULL,
	`intake_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`submitted_at_us` integer NOT NULL,
	`status` text NOT NULL,
	`research_type` text NOT NULL,
	`urgency` text NOT NULL,
	`title` text NOT NULL,
	`priority_score` integer NOT NULL,
	`generated_from_signal_id` text,
	`doc` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at_us` integer NOT NULL,
	CONSTRAINT "research_intakes_status_ck" CHECK(status IN ('submitted', 'triaged', 'analyzing', 'accepted', 'deferred', 'rejected', 'tracked')),
	CONSTRAINT "research_intakes_doc_ck" CHECK(json_valid(doc))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `research_intakes_intake_id_uq` ON `research_intakes` (`intake_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `research_intakes_from_signal_uq` ON `research_intakes` (`generated_from_signal_id`) WHERE generated_from_signal_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `research_intakes_tenant_status_idx` ON `research_intakes` (`tenant_id`,`status`,`submitted_at_us`);--> statement-breakpoint
CREATE INDEX `research_intakes_status_idx` ON `research_intakes` (`status`,`submitted_at_us`);--> statement-breakpoint
CREATE TABLE `roadmap_refreshes` (
	`seq` integer PRIMARY KEY NOT NULL,
	`refresh_id` text NOT NULL,
	`scope` text NOT NULL,
	`scheduled_at_us` integer NOT NULL,
	`doc` text NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "roadmap_refreshes_doc_ck" CHECK(json_valid(doc))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roadmap_refreshes_refresh_id_uq` ON `roadmap_refreshes` (`refresh_id`);--> statement-breakpoint
CREATE INDEX `roadmap_refreshes_scope_idx` ON `roadmap_refreshes` (`scope`,`scheduled_at_us`);--> statement-breakpoint
CREATE TABLE `run_checkpoints` (
	`seq` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`state` text NOT NULL,
	`updated_at_us` integer NOT NULL,
	CONSTRAINT "run_checkpoints_state_ck" CHECK(json_valid(state))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_checkpoints_run_id_uq` ON `run_checkpoints` (`run_id`);--> statement-breakpoint
CREATE TABLE `run_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`type` text NOT NULL,
	`tenant_id` text NOT NULL,
	`content` text NOT NULL,
	`payload` text NOT NULL,
	`recorded_at_us` integer NOT NULL,
	CONSTRAINT "run_events_payload_ck" CHECK(json_valid(payload))
);
--> statement-breakpoint
CREATE INDEX `run_events_run_idx` ON `run_events` (`run_id`,`seq`);--> statement-breakpoint
CREATE INDEX `run_events_time_idx` ON `run_events` (`tenant_id`,`recorded_at_us`);--> statement-breakpoint
CREATE TABLE `sb_baselines` (
	`name` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`set_at_us` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sb_runs` (
	`seq` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`finished_at_ms` integer,
	`config` text NOT NULL,
	`provenance` text NOT NULL,
	`aggregates` text,
	CONSTRAINT "sb_runs_status_ck" CHECK(status IN ('running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sb_runs_run_id_uq` ON `sb_runs` (`run_id`);--> statement-breakpoint
CREATE INDEX `sb_runs_created_idx` ON `sb_runs` (`created_at_ms`);--> statement-breakpoint
CREATE TABLE `sb_trials` (
	`seq` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`trial_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`task_id` text NOT NULL,
	`outcome` text NOT NULL,
	`record` text NOT NULL,
	CONSTRAINT "sb_trials_record_ck" CHECK(json_valid(record))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sb_trials_trial_attempt_uq` ON `sb_trials` (`trial_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `sb_trials_run_idx` ON `sb_trials` (`run_id`,`seq`);--> statement-breakpoint
CREATE TABLE `store_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
