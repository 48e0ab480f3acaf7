-- A person's display name, shown to approvers and responders beside their email (GET /v1/people).
ALTER TABLE "users" ADD COLUMN "name" TEXT;
