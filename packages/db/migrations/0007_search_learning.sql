CREATE TABLE "search_choices" (
	"query_key" text NOT NULL,
	"code" text NOT NULL,
	"weight" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "search_choices_query_key_code_pk" PRIMARY KEY("query_key","code")
);
--> statement-breakpoint
CREATE TABLE "search_misses" (
	"query_key" text NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "search_misses_query_key_kind_pk" PRIMARY KEY("query_key","kind")
);
