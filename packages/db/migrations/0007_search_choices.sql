CREATE TABLE "search_choices" (
	"query_key" text NOT NULL,
	"code" text NOT NULL,
	"weight" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "search_choices_query_key_code_pk" PRIMARY KEY("query_key","code")
);
