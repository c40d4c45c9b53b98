"""A deterministic generator of realistic incident post-mortems in Markdown, for pmlint's benchmark.

Every document comes from its own ``random.Random`` seeded with a string (``"corpus:7:42"``): string
seeds are hashed with SHA-512 by ``random``, not with Python's randomised ``hash()``, and nothing
here reads the clock or iterates over a set, so the same seed gives byte-identical files on any
machine and in any process.

The documents vary the way real post-mortems do: YAML front matter (title, date, authors, status)
in most; an executive summary as labelled bullets, bold labels, a two-column table or prose; a
timeline as a table, a bullet or numbered list, ``**HH:MM**`` lines or a heading per entry, in UTC
or sometimes PST, ``+02:00`` or no zone at all, spanning days with date headings, with a few entries
out of order; a root cause analysis with five whys; what went well and wrong; action items as
tables, task lists or grouped lists with owners, due dates (some missing, ``ASAP`` or a quarter)
and ticket links; code blocks, inline code, URLs, images, HTML comments, block quotes and nested
lists. About a fifth of the documents (``LANGUAGE_ISSUE_RATE``) blame people ("Sarah forgot to
update ..."), use charged words ("a disaster", "sloppy") and put jargon and bare acronyms in the
summary. Only those, and about 3% of the others, whose sentences merely look like blame ("Omar
restarted the service, but the health check failed again"), have a blame word near a person, which is
what makes pmlint import spaCy.

A document grows to its target size by adding timeline entries, paragraphs, list items, action
items and appendix sections, never by copying a block.

    generate(directory, count, seed=7)   the benchmark corpus: ``count`` files of 2 KB to 40 KB
    typical_document(seed)               one ~8 KB post-mortem with a blame phrase
    clean_document(seed)                 one ~8 KB post-mortem no language rule can match
    big_document(size_bytes, seed)       one very long post-mortem of about ``size_bytes`` bytes
"""
from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MIN_SIZE", "MAX_SIZE", "LANGUAGE_ISSUE_RATE", "generate", "typical_document", "clean_document",
           "big_document", "document", "RISKY"]

# Sizes of generated corpus files, in bytes (UTF-8): 2 KiB to 40 kB.
MIN_SIZE = 2_048
MAX_SIZE = 40_000
# The share of corpus documents with blame, charged words and jargon in the summary.
LANGUAGE_ISSUE_RATE = 0.2
# The share of the other documents with sentences that only look like blame (a system as the actor).
NEAR_MISS_RATE = 0.08
TYPICAL_SIZE = 8_192

# Words that could make pmlint's language rules match: the first words of the blame phrases (its
# PM401 prefilter), "human error", a possessive fault ("John's mistake"), and the charged words.
# Documents of the neutral kind never contain them; clean_document() checks every sentence.
_BLAME_TRIGGERS = (r"botched|break|broke|caused|did|didn['’]t|fail|failed|forget|forgot|forgotten|ignore|ignored|"
                   r"made|messed|miss|missed|neglect|neglected|overlook|overlooked|screwed|should|shouldn['’]t|took")
_CHARGED = (r"awful|blatantly|blunder|botched|careless|carelessly|catastroph\w*|clearly|disaster\w*|dropped the ball|"
            r"dumb|embarrass\w*|fat-fingered|fiasco|horrendous|horrible|idiot\w*|incompeten\w*|inexcusable|lazy|"
            r"moron|negligen\w*|no excuse|obviously|pathetic|reckless\w*|ridiculous|rookie|screw-?up|shameful|"
            r"silly|sloppy|stupid|terrible|unforgivable")
RISKY = re.compile(rf"\b(?:{_BLAME_TRIGGERS}|{_CHARGED}|human error|operator error|user error)\b"
                   r"|(?:['’]s|\bhis|\bher)\s+"
                   r"(?:blunder|carelessness|error|fault|mistake|negligence|oversight|screwup)\b",
                   re.IGNORECASE)
# Jargon terms (pmlint's wordlists/jargon.txt) and acronyms, kept out of a clean document's summary.
_JARGON = re.compile(r"\b(?:backfill|backpressure|blast radius|cache invalidation|canary|circuit breaker|"
                     r"connection pool|CrashLoopBackOff|cutover|deadlock|failover|idempotent|k8s|latency|OOMKilled|"
                     r"p50|p95|p99|"
                     r"race condition|replica|runbook|segfault|shard|sharding|stack trace|thundering herd)s?\b",
                     re.IGNORECASE)
_COMMON_ACRONYMS = frozenset("AM PM UTC GMT PST ID IDs OK US EU UK".split())
_ACRONYM = re.compile(r"(?<![\w\-./@#])[A-Z]{2,}s?(?![\w\-/@])")


# -- what incidents are about ------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    slug: str
    title: str
    service: str
    dependency: str
    feature: str
    users: str
    impact_verb: str  # "... could not {impact_verb}"
    symptom: str  # plain words, past tense
    cause: str  # plain words, for every reader
    cause_tech: str  # technical, for the root cause analysis (and a jargon summary)
    impact_tech: str
    remedy: str  # passive: "the limit was set back to 200"
    trigger: str  # the timeline's first entry, before the impact (no impact words)
    key: str
    good: str
    bad: str
    metric: str
    alert: str
    component: str
    host: str
    queue: str
    table: str
    command: str
    log: str
    team: str
    config_lang: str


_SCENARIOS = (
    Scenario("checkout-timeouts", "Checkout requests timing out", "checkout service", "orders database", "checkout",
             "customers", "complete a purchase", "checkout requests timed out after 30 seconds",
             "a configuration change lowered the number of database connections the checkout service may open "
             "from 200 to 20",
             "the DB connection pool of `checkout-api` was capped at 20 by a config push, so requests queued for a "
             "connection until the 30 s timeout",
             "p99 latency on the checkout API passed 30 s and the SLO error budget for the month was spent",
             "the connection limit was set back to 200 and the service restarted",
             "Configuration change {pr} rolled out to the checkout service.",
             "db.pool.max_size", "200", "20", "database connections in use", "CheckoutErrorRate", "checkout-api",
             "checkout", "order-events", "orders", "kubectl -n checkout rollout undo deployment/checkout-api",
             "ERROR checkout-api pool exhausted: waited 30000ms for a connection (max=20)", "payments", "yaml"),
    Scenario("signin-certificate", "Sign-in unavailable after a certificate expired", "sign-in service",
             "identity gateway", "sign-in", "users", "sign in", "browsers refused to open the sign-in page",
             "the certificate for the sign-in domain expired because its renewal job was switched off during a "
             "migration and never switched back on",
             "the TLS certificate on the IdP gateway expired after the ACME renewal cron was disabled in the "
             "migration to the new cluster",
             "all OIDC logins ended in TLS handshake errors at the edge",
             "a new certificate was issued and the renewal job was switched back on",
             "Certificate for `login.example.com` reaches the end of its validity period.",
             "renewal.enabled", "true", "false", "successful sign-ins per minute", "SigninSuccessRateLow",
             "auth-gateway", "auth-gw", "session-events", "sessions", "certbot renew --cert-name login.example.com",
             "WARN auth-gateway tls: certificate for login.example.com expired 2 minutes ago", "identity", "ini"),
    Scenario("search-disk", "Stale search results after the index disks filled up", "search service",
             "search index cluster", "search", "shoppers", "find newly listed products",
             "search results stopped including newly listed products",
             "the disks of the search index cluster filled up with old snapshots, and the cluster stopped "
             "accepting new entries",
             "the ES cluster crossed its flood-stage disk watermark and set every index to read-only after snapshot "
             "cleanup stalled",
             "indexing lag on the ES cluster grew past 6 h and new listings returned no hits",
             "old snapshots were deleted and writes were enabled again",
             "Nightly snapshot job on the search index cluster starts.",
             "snapshot.retention.days", "7", "90", "disk use on index nodes", "SearchIndexDiskHigh",
             "search-indexer", "es-data", "catalog-updates", "listings",
             "curl -XPUT localhost:9200/_all/_settings -H 'Content-Type: application/json' "
             "-d '{\"index.blocks.read_only_allow_delete\": null}'",
             "WARN [es-data-07] flood stage disk watermark [95%] exceeded, all indices on this node will be "
             "marked read-only", "search", "yaml"),
    Scenario("mobile-dns", "Mobile app unable to reach the backend", "mobile backend", "public name records",
             "the mobile app", "app users", "open the app",
             "the mobile app showed a connection message on every screen",
             "a change to the name records for our public address pointed the app at a retired load balancer",
             "a Terraform apply changed the CNAME for `api.example.com` to a decommissioned ALB",
             "DNS for the mobile API resolved to a dead ALB, so every iOS and Android request timed out",
             "the previous record was put back and cached answers expired over the next hour",
             "Terraform change {pr} applied to the production name records.",
             "api_record_target", "\"edge-lb-prod\"", "\"edge-lb-old\"", "requests per second at the edge",
             "EdgeTrafficDrop", "edge-router", "edge", "push-notifications", "devices", "dig +short api.example.com",
             "INFO edge-router upstream edge-lb-old: connection refused (3 attempts)", "networking", "hcl"),
    Scenario("catalog-cache", "Slow product pages after a cache node replacement", "product catalog",
             "page cache", "product pages", "visitors", "load product pages in under ten seconds",
             "product pages needed between 10 and 40 seconds to load",
             "a routine replacement of cache nodes emptied the page cache at peak traffic, and every request went "
             "straight to the database",
             "a cache node rotation left the cache cold, and the thundering herd of misses saturated the primary DB",
             "p95 latency for product pages rose to 40 s on cache misses",
             "the cache was warmed with the most visited pages and traffic was limited until it filled",
             "Routine replacement of page cache nodes begins in {region}.",
             "cache.warmup.enabled", "true", "false", "cache hit ratio", "CatalogLatencyHigh", "catalog-web",
             "cache", "price-updates", "products", "./scripts/warm-cache.sh --top 50000",
             "WARN catalog-web cache miss ratio 0.97 over last 60s", "catalog", "yaml"),
    Scenario("email-backlog", "Delayed email notifications", "notification service", "email queue",
             "email notifications", "account holders", "receive password-reset and receipt emails on time",
             "emails arrived up to three hours late",
             "a new email template with a large embedded image slowed every send by a factor of twelve, and the "
             "queue grew faster than the workers could empty it",
             "a template change increased the payload 12x, and the SQS consumers fell behind with backpressure "
             "from the mail relay",
             "SQS queue depth passed 2M and p99 delivery lag reached 3 h",
             "the template was replaced and extra workers emptied the queue",
             "New receipt template {pr} deployed to the notification service.",
             "template.inline_images", "false", "true", "messages waiting in the queue", "EmailQueueBacklog",
             "mailer-worker", "mailer", "outbound-email", "email_jobs",
             "python manage.py drain_queue --queue outbound-email --workers 48",
             "INFO mailer-worker sent 1 message in 11.8s (size=4.1MB)", "messaging", "yaml"),
    Scenario("settings-lock", "Account settings errors during a database migration", "account service",
             "accounts database", "account settings", "customers", "change their account settings",
             "saving account settings returned an error page",
             "a change to the structure of the accounts table locked it for 47 minutes, and every update to the "
             "table waited behind that change",
             "an `ALTER TABLE` without a lock timeout held an ACCESS EXCLUSIVE lock on `accounts`, and writes queued "
             "behind it until the statement timeout",
             "HTTP 500s on the settings API as Postgres lock waits hit the statement timeout",
             "the migration was cancelled and later run again in small batches outside peak hours",
             "Schema migration `0142_add_locale_column` starts on the accounts database.",
             "migrations.lock_timeout", "\"5s\"", "\"0\"", "lock waits on the accounts table",
             "AccountsWriteErrors", "accounts-api", "pg-accounts", "profile-changes", "accounts",
             "psql -c \"SELECT pid, state, query FROM pg_stat_activity WHERE wait_event_type = 'Lock';\"",
             "ERROR accounts-api canceling statement due to statement timeout", "accounts", "ini"),
    Scenario("signup-flag", "New sign-ups blocked by a feature flag", "sign-up flow", "feature flag service",
             "sign-up", "new users", "create an account", "the sign-up form showed a blank page after the first step",
             "a feature flag meant for internal testing was switched on for everyone, and it sent people to a page "
             "that was not released yet",
             "a feature flag rollout to 100% routed all traffic to an unreleased SPA route that throws on a missing "
             "plan object",
             "sign-up conversion fell to zero as the SPA threw a JS exception",
             "the flag was switched off and limited to staff accounts",
             "Feature flag `new_onboarding` rollout changed in the flag console.",
             "flags.new_onboarding.rollout", "0", "100", "completed sign-ups per hour", "SignupConversionDrop",
             "onboarding-web", "web", "signup-events", "users", "flagctl set new_onboarding --rollout 0",
             "ERROR onboarding-web TypeError: Cannot read properties of undefined (reading 'plan')", "growth", "json"),
    Scenario("upload-memory", "Photo uploads stalled by a memory leak", "upload service", "image processing workers",
             "photo uploads", "users", "upload photos", "uploads stayed at 99% and then timed out",
             "an update to the image library kept a copy of every processed image in memory, so the workers ran "
             "out of memory and restarted over and over",
             "a libvips upgrade leaked buffers, leaving the workers OOMKilled and in CrashLoopBackOff",
             "upload API p99 reached 120 s with OOMKilled pods in k8s",
             "the image library was pinned to the previous version and the workers were redeployed",
             "Release `{version}` of `image-worker` deployed with the new image library.",
             "image.library.version", "\"8.14.2\"", "\"8.15.0\"", "worker memory use", "UploadSuccessRateLow",
             "image-worker", "img", "image-jobs", "uploads",
             "kubectl -n media get pods -l app=image-worker --sort-by=.status.containerStatuses[0].restartCount",
             "WARN image-worker rss=3.9GiB limit=4GiB jobs_in_flight=12", "media", "yaml"),
    Scenario("partner-ratelimit", "Partner requests rejected by the rate limiter", "partner gateway",
             "request limiter", "order submission for partners", "partners", "send orders",
             "most partner requests were rejected with a 'too many requests' response",
             "a new request limit counted all traffic arriving through the load balancer as one client, so the "
             "shared limit was reached within seconds",
             "the rate limiter keyed on the LB address instead of `X-Forwarded-For`, so every partner shared one "
             "bucket",
             "97% of partner API calls returned HTTP 429",
             "the limit was switched off and then rebuilt to count each partner separately",
             "Request limiting {pr} enabled on the partner gateway.",
             "ratelimit.key", "\"partner_id\"", "\"remote_addr\"", "rejected requests per minute",
             "PartnerGatewayRejections", "partner-gw", "gw", "partner-orders", "partners",
             "curl -s https://gw.internal.example.com/admin/ratelimit | jq .buckets",
             "INFO partner-gw rejected request key=10.0.3.7 bucket=empty", "integrations", "yaml"),
    Scenario("renewal-duplicates", "Duplicate renewal charges", "billing service", "job scheduler",
             "subscription renewals", "subscribers", "rely on being charged once per renewal",
             "about 3,100 subscribers were charged twice for their monthly renewal",
             "after an upgrade of the job scheduler, two scheduler instances both acted as the leader and each ran "
             "the renewal job",
             "a split brain in the scheduler after a ZooKeeper session expiry ran the renewal job, which is not "
             "idempotent, on two instances",
             "the renewal cron double-fired and created duplicate Stripe charges",
             "refunds were issued and the renewal job now checks for an existing charge first",
             "Job scheduler upgrade {pr} rolled out to the billing cluster.",
             "scheduler.leader_election", "\"lease\"", "\"none\"", "charges per subscription per day",
             "BillingDuplicateCharges", "billing-scheduler", "billing", "renewals", "charges",
             "./bin/refund --batch duplicates.csv --dry-run",
             "INFO billing-scheduler acquired leadership (instance=billing-2)", "billing", "yaml"),
    Scenario("pipeline-image", "Deploy pipeline blocked by a build image upgrade", "build and deploy pipeline",
             "shared build image", "deploys", "engineering teams", "ship changes to production",
             "every build stopped at the test stage with a compiler message",
             "the shared build image moved to a new compiler version that rejects code our older services still use",
             "the CI base image moved to a new GCC, which rejects implicit `const char*` conversions in the legacy "
             "services",
             "all CI jobs went red and no CD ran for 6 h",
             "the build image was pinned to the previous tag and the upgrade was planned service by service",
             "Shared build image `builder:latest` updated by the nightly image job.",
             "build.image", "\"builder:2025.11\"", "\"builder:latest\"", "successful builds per hour",
             "PipelineSuccessRateLow", "ci-runner", "runner", "build-jobs", "builds",
             "docker pull registry.example.com/builder:2025.11",
             "error: invalid conversion from 'const char*' to 'char*' [-fpermissive]", "developer productivity",
             "yaml"),
)

_FIRST_NAMES = ("Priya", "Tomás", "Mei", "Jonas", "Aisha", "Daniel", "Sofia", "Kenji", "Olga", "Marcus", "Fatima",
                "Lukas", "Hannah", "Arjun", "Elena", "Omar", "Claire", "Pavel", "Nadia", "Ben", "Yuki", "Carlos",
                "Ingrid", "Samuel", "Zara", "Felix", "Laura", "Rahul", "Beatriz", "Henrik")
_LAST_NAMES = ("Raman", "Ortega", "Chen", "Weber", "Okafor", "Kowalski", "Rossi", "Tanaka", "Ivanova", "Brown",
               "Haddad", "Schmidt", "Lindqvist", "Patel", "Moreau", "Nakamura", "Silva", "Novak", "Dubois", "Murphy",
               "García", "Fischer", "Andersen", "Kaur", "O'Neill", "Costa", "Yilmaz", "Park", "Hughes", "Berg")
_TEAMS = ("platform", "storage", "networking", "observability", "security", "data", "mobile", "frontend",
          "database reliability", "customer support")
_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "europe-west4", "us-central1", "eu-central-1")
_TICKET_PROJECTS = ("OPS", "INC", "SRE", "PLAT", "REL")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


# -- sentence pools (neutral: none of them contains a RISKY word) -----------------------------------

_EVENTS = (
    "{person} acknowledges the page and opens the incident channel.",
    "Incident lead assigned: {person}.",
    "{person} joins the bridge call from the {other_team} team.",
    "Dashboards show {metric} at {pct}% of the limit on `{host}`.",
    "Error rate for the {service} reaches {pct}%.",
    "Status page updated: investigating elevated errors for {feature}.",
    "Support reports {few} new tickets about {feature}.",
    "Rolled back the {service} to `{version}`; no change in the error rate.",
    "Restarted the `{component}` pods in {region}; errors continue.",
    "Traffic for {region} shifted to the standby region.",
    "{person} suspects the {dependency} and reviews its recent changes.",
    "Found `{key}` set to `{bad}` (expected `{good}`) in the live configuration.",
    "Change freeze announced in #incidents until the cause is known.",
    "Queue depth for `{queue}` at {n} messages and rising.",
    "Fix proposed in {pr}; review started.",
    "{pr} merged; deployment to {region} begins.",
    "Deployment reaches {pct}% of hosts in {region}.",
    "Error rate down to {small}% in {region}; other regions pending.",
    "Customer success posts an update for enterprise accounts.",
    "Paged the {other_team} on-call engineer for help with the {dependency}.",
    "Memory on `{host}` at {pct}% and growing.",
    "Decision: keep the rollback in place and prepare a forward fix.",
    "Added {small} more instances of `{component}` to absorb the backlog.",
    "Load balancer marks {small} of {fleet} backends unhealthy.",
    "Lock waits on `{table}` visible in the slow query log.",
    "Confirmed with the {other_team} team that nothing related shipped in the last 24 hours.",
    "Internal update sent to #eng-announce.",
    "Ran `{command}` on `{host}`.",
    "Captured a heap profile from `{host}` for later analysis.",
    "Second alert: {alert} for `{host}`.",
    "{person} shares the {dashboard} in the incident channel.",
    "Write-up of the current state posted in the incident document.",
    "Hypothesis: `{key}` changed in the last release. Checking the diff.",
    "Replica lag on the {dependency} at {small} seconds.",
    "Requests from `{component}` to the {dependency} time out after 30 seconds.",
    "Second responder, {person}, takes over communication with support.",
    "Temporary limit on `{queue}` consumers raised from {small} to {fleet}.",
    "Health checks for `{component}` green again in {region}.",
    "Synthetic checks from {region} show {pct}% of requests succeeding.",
    "Executive update sent by {person}.",
    "{person} starts a timeline in the incident document.",
    "`{component}` logs show `{log_short}`.",
)
_NEAR_MISS = (
    "{first} restarted `{component}`, but the health check failed again.",
    "The on-call engineer retried the job; the retry failed with the same timeout.",
    "{first} checked the logs: the readiness probe failed on {small} pods.",
    "The engineer on call saw that the deploy pipeline broke at the migration step.",
    "{first} noted that the cron job missed two scheduled runs.",
    "She escalated to the {other_team} team after the automated rollback did not complete.",
    "{first} confirmed the old certificate was still cached, which caused the handshake errors.",
)
_BLAME = (
    "{name} forgot to update `{key}` in the production configuration before the release.",
    "The on-call engineer should have noticed the {alert} alert much sooner.",
    "{name} broke the {service} deployment by pushing an untested change late on a Friday.",
    "He missed the warning at the top of the deploy log.",
    "The release manager failed to check the staging results before promoting the build.",
    "{name} took 25 minutes to respond to the page.",
    "This was {name}'s mistake: the change skipped review.",
    "The developer ignored the warnings from the canary and continued the rollout.",
    "Someone forgot to renew the certificate.",
    "{name} should have tested the change against a copy of production data.",
    "The root cause was human error during a manual change to `{key}`.",
)
_BLAME_WHY = ("Why did the developer forget to run the configuration check? {name} was in a hurry to ship before "
              "the freeze.")
_CHARGED_SENTENCES = (
    "Frankly, this was a disaster for the {team} team.",
    "The rollout plan was sloppy, and the review was careless.",
    "Obviously, the alert threshold was far too high.",
    "It was a terrible afternoon for the support team.",
    "The change to `{key}` was a stupid mistake that nobody caught.",
    "The whole first hour of the response was a fiasco.",
    "An outage like this is inexcusable for a service of this size.",
)
_RCA = (
    "`{component}` reads `{key}` once at start-up, so the new value applied to every instance as soon as it "
    "restarted.",
    "Before the change `{key}` was `{good}`; after it, `{bad}`.",
    "At peak the {service} handles about {n} requests per second, and each request needs the {dependency}.",
    "Client retries doubled the load within {mins} minutes, which kept the {dependency} saturated.",
    "The configuration file is shared by staging and production, with overrides applied at deploy time.",
    "Staging runs {small} instances with a fraction of production traffic, so the limit was never reached there.",
    "The change passed code review; the reviewers checked the syntax of the file, not the effect of the new value.",
    "Our alerting watches the error rate of the {service} but not {metric}, which rose {mins} minutes earlier.",
    "The {dependency} has no owner listed in the service catalog, so the first escalation went to the wrong team.",
    "A similar incident in {month} last year led to an action item for this check, which is still open as {ticket}.",
    "The deploy tool rolls configuration-only changes out to all regions at once.",
    "Health checks for `{component}` only test that the process answers, not that it can reach the {dependency}.",
    "Dashboards for the {dependency} live in a different folder from those of the {service}, so responders "
    "opened them late.",
    "When the {dependency} is saturated, new requests wait up to 30 seconds and then time out, which hides the "
    "cause behind generic timeouts.",
    "Capacity planning for {month} assumed {pct}% growth, and traffic stayed close to that forecast.",
    "The {other_team} team had announced maintenance for the same afternoon, which drew attention away from the "
    "{service} at first.",
    "The release notes for `{version}` say nothing about the change in default behaviour.",
    "The change was tested in a review environment with {small} requests per minute, far below production load.",
    "Each `{component}` instance keeps its own view of `{key}`, and the instances disagreed for {mins} minutes "
    "during the rollout.",
    "Alerts for the {dependency} go to a channel that the {team} team does not watch out of hours.",
    "The graph of {metric} ({dashboard}) shows the step change at the moment of the rollout.",
    "Nothing in the deploy pipeline compares configuration values between environments.",
    "The runbook for the {service} describes a restart, which hid the problem for a few minutes each time.",
    "Tracing shows {pct}% of request time spent waiting on the {dependency} during the incident.",
    "The {service} depends on the {dependency} for every request, including ones that only read cached data.",
    "Load on the {dependency} at the time was {pct}% of what it handled on the busiest day of {month}.",
)
_FACTORS = ("Configuration drift between environments", "Alerting on symptoms, not saturation",
            "Unclear ownership of the {dependency}", "Rollouts to all regions at once", "Retries without backoff",
            "Health checks that test too little", "Staging that does not resemble production",
            "Manual steps in the release checklist", "Dashboards spread across folders",
            "Defaults changed by a dependency upgrade")
_WELL = (
    "The {alert} alert fired within {small} minutes of the first errors.",
    "The rollback procedure worked as documented and finished in {mins} minutes.",
    "Responders shared findings in the incident channel as they went, which kept the timeline accurate.",
    "The status page was updated within {small} minutes of the first customer report.",
    "The {other_team} team joined quickly and knew the {dependency} well.",
    "Feature flags let us turn off {feature} for {pct}% of traffic without a deploy.",
    "Dashboards for the {dependency} showed the problem at a glance.",
    "The incident lead handed over cleanly at the end of the shift, with a written summary.",
    "Support had a prepared answer for customers within half an hour.",
    "Nobody waited for permission to roll back.",
    "The on-call guide for the {service} had current contact details for every dependency.",
    "Logs from `{component}` were searchable within seconds.",
)
_WRONG = (
    "The alert for {metric} had a threshold of {pct}%, too high to give early warning.",
    "The runbook for the {service} has no section on `{key}`.",
    "Nothing in the deploy pipeline compared the configuration between environments.",
    "It was unclear who owned the {dependency}, so escalation went through three teams.",
    "The status page update went out {mins} minutes after customers started reporting errors.",
    "Logs from `{component}` are sampled at 1%, so the first errors were hard to find.",
    "Staging has {small} instances instead of {fleet}, so load-related problems do not show up there.",
    "Two responders restarted the same pods at the same time without knowing it.",
    "The rollback needed a manual approval from someone who was not on call.",
    "Customer support learned about the incident from customers.",
    "Our dashboards show averages, which hid the slowest {small}% of requests.",
    "The incident channel was opened {mins} minutes after the first page.",
)
_NESTED = (
    "Error budget for {month}: {pct}% used.",
    "See {ticket}.",
    "Affected hosts: `{host}` and {small} others.",
    "Threshold today: {pct}%; proposed: {small}0%.",
    "Dashboard: {dashboard}",
    "Raised in the review on {date}.",
)
_LESSONS = (
    "Configuration deserves the same review and automated checks as code.",
    "An alert on {metric} would have shortened detection by {mins} minutes.",
    "Rolling back first and investigating second saves time.",
    "Clear ownership of shared dependencies matters most at the moment something goes wrong.",
    "Status page updates reassure customers even when they contain little new information.",
    "Testing with production-like data and traffic finds a class of problems that unit tests cannot.",
    "A written incident timeline, started early, makes the review much easier.",
    "Small, staged rollouts limit how many people one bad change can reach.",
    "The cheapest safeguard is the one that runs on every change without anyone remembering it.",
    "Practising the rollback regularly keeps the procedure accurate.",
)
_SPECIFIC_ACTIONS = (
    "Add an alert when {metric} stays above 90% for 5 minutes",
    "Add a pipeline check that compares `{key}` between staging and production",
    "Document the rollback steps for the {service} in the on-call guide",
    "Load-test the {service} at twice last {month}'s peak traffic",
    "Add a panel for {metric} to the {service} dashboard and link it from the alert",
    "Run a quarterly restore drill for the {dependency}",
    "Limit client retries to the {service} to 3, with exponential backoff",
    "Add an integration test that starts `{component}` with production settings",
    "Roll configuration changes out one region at a time, starting with {region}",
    "Record an owner for the {dependency} in the service catalog",
    "Send {dependency} alerts to the {team} on-call rotation",
    "Make the health check of `{component}` test its connection to the {dependency}",
    "Set `{key}` from a single reviewed source instead of per-environment overrides",
    "Add a status page template for {feature} problems",
    "Sample `{component}` error logs at 100%",
    "Write a migration guide for `{version}` and link it from the release notes",
)
_VAGUE_ACTIONS = ("Improve monitoring", "Look into retries for the {service}",
                  "Be more careful with configuration changes",
                  "Investigate the performance of the {dependency}", "Consider better alerting",
                  "Think about a more robust rollout process")


@dataclass
class _Section:
    kind: str
    heading: str
    intro: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    joiner: str = "\n\n"
    tail: Callable[[], list[str]] | None = None  # blocks computed at render time, joined like the body
    after: list[str] = field(default_factory=list)
    grow: Callable[[], list[str]] | None = None
    weight: float = 0.0
    cap: int | None = None  # most growth units this section takes
    grown: int = 0

    def render(self) -> str:
        parts = [self.heading, *self.intro]
        items = self.body + (self.tail() if self.tail else [])
        if items:
            parts.append(self.joiner.join(items).strip("\n"))
        parts.extend(self.after)
        return "\n\n".join(part for part in parts if part)


class _Slots(dict):
    """Template slots, each drawn once per template from the writer's random generator."""

    def __init__(self, writer: _Writer, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.writer = writer

    def __missing__(self, key: str) -> str:
        value = self.writer.slot(key)
        self[key] = value
        return value


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _twelve_hour(moment: dt.datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


class _Writer:
    """Writes one post-mortem: chooses its shape, builds a skeleton, grows it to a size, renders it."""

    def __init__(self, rng: random.Random, seed_text: str, *, issues: bool, strict: bool = False,
                 near_miss: bool = False, big: bool = False) -> None:
        self.rng = rng
        self.seed_text = seed_text
        self.issues = issues
        self.strict = strict
        self.near_miss = near_miss and not strict
        self.big = big
        # How often a sentence of a document with language issues is blame or charged.
        self.salt = 0.004 if big else 0.025
        self.scn = rng.choice(_SCENARIOS)
        self.people = [(first, rng.choice(_LAST_NAMES)) for first in rng.sample(_FIRST_NAMES, rng.randint(3, 6))]
        self.authors = self.people[:rng.randint(1, 3)]
        day = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(1270))
        self.start = dt.datetime(day.year, day.month, day.day, rng.randint(0, 22), rng.randrange(60))
        self.resolve_gap = dt.timedelta(minutes=rng.randint(2, 15))
        self.trigger_gap = dt.timedelta(minutes=rng.randint(3, 80))
        # The shape of the document.
        self.front_matter = strict or rng.random() < 0.85
        self.numbered = rng.random() < 0.15
        self.zone = "utc-heading" if strict else rng.choices(
            ["utc-heading", "utc-intro", "utc-entry", "pst", "offset", "none"], [30, 20, 25, 10, 8, 7])[0]
        self.twelve_hour = self.zone == "pst" and rng.random() < 0.5
        self.entry_zone_style = rng.choice(["suffix", "iso", "dated"])
        self.tl_style = rng.choices(["table", "bullets", "numbered", "bold", "headings"], [40, 30, 8, 17, 5])[0]
        if self.tl_style == "table" and big:
            self.tl_style = "bullets"  # a date heading per day, which a table cannot hold
        self.tl_bullet = rng.choice(["- {t} — {e}", "- **{t}** {e}", "- `{t}` - {e}", "* {t}: {e}", "- {t} - {e}"])
        self.tl_date_heading = big or rng.random() < 0.4
        self.tl_table_dates = rng.random() < 0.2
        self.tl_table_header = rng.choice(["Time (UTC)", "Time"]) if self.zone == "utc-heading" \
            else rng.choice(["Time", "When", "Timestamp"])
        self.summary_style = rng.choices(["bullets", "bold", "table", "prose"], [45, 15, 10, 30])[0]
        self.summary_defect = None if strict or rng.random() >= 0.1 else rng.choice(
            ["no-status", "tbd-cause", "wrong-duration"])
        self.jargon = issues and rng.random() < 0.7
        self.charged = issues and rng.random() < 0.8
        self.action_style = rng.choices(["table", "list", "grouped", "will"], [50, 30, 15, 5])[0]
        self.action_bullet = rng.choice(["task", "dash", "bold", "semi"])
        self.action_columns = rng.choice([("ID", "Action", "Owner", "Due", "Status"),
                                          ("Action", "Owner", "Due date", "Ticket"),
                                          ("#", "Item", "Owner", "Due", "Status", "Ticket"),
                                          ("Action item", "Assignee", "Deadline")])
        self.vague_rate = 0.0 if strict else rng.choice([0.0, 0.0, 0.1, 0.25])
        self.list_marker = rng.choice(["-", "-", "*"])
        # State that growth changes (restored by undo).
        self.clock = self.start
        self.times: list[dt.datetime] = []  # the timeline entries' times, in body order
        self.tl_day: dt.date | None = None
        self.tl_dated_cells = False
        self.out_of_order = 0 if strict else (2 if rng.random() < 0.15 else 0)
        self.action_count = 0
        self.appendix_count = 0
        self.sections: list[_Section] = []
        self.head_text = ""
        self.history: list[tuple[_Section, int, int, tuple]] = []
        self.used: set[str] = set()  # templates and sentences written so far (looked up, never iterated)
        if self.scn.users in ("partners", "engineering teams"):
            self.affected = str(rng.randint(30, 400))
        else:
            self.affected = f"{rng.choice([1, 2, 3, 5, 8, 12, 20, 40])},{rng.randint(100, 999)}"

    # -- slots and sentences -----------------------------------------------------------------------

    def slot(self, key: str) -> str:
        rng, scn = self.rng, self.scn
        if key in Scenario.__dataclass_fields__:
            return str(getattr(scn, key))
        if key == "person":
            first, last = rng.choice(self.people)
            return f"{first} {last}"
        if key == "first":
            return rng.choice(self.people)[0]
        if key == "name":  # someone blamed: a responder of this document, or a common given name
            return rng.choice(self.people)[0] if rng.random() < 0.5 else rng.choice(
                ("John", "Sarah", "Mike", "Anna", "David", "Laura"))
        if key == "other_team":
            return rng.choice(_TEAMS)
        if key == "n":
            return f"{rng.choice((rng.randint(12, 99), rng.randint(100, 999), rng.randint(1000, 48000))):,}"
        if key == "fleet":
            return str(rng.randint(12, 400))
        if key == "few":
            return str(rng.randint(3, 80))
        if key == "small":
            return str(rng.randint(2, 9))
        if key == "pct":
            return str(rng.randint(11, 99))
        if key == "mins":
            return str(rng.randint(4, 55))
        if key == "region":
            return rng.choice(_REGIONS)
        if key == "version":
            return f"v{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"
        if key == "pr":
            number = rng.randint(1200, 48000)
            return f"[#{number}](https://git.example.com/{scn.team.split()[0]}/{scn.component}/pull/{number})"
        if key == "ticket":
            return self.ticket()
        if key == "dashboard":
            uid = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(9))
            return f"[{scn.service} dashboard](https://grafana.example.com/d/{uid}/{scn.slug}?orgId=1&from=now-6h)"
        if key == "month":
            return rng.choice(_MONTHS)
        if key == "date":
            return (self.start.date() + dt.timedelta(days=rng.randint(3, 20))).isoformat()
        if key == "log_short":
            return scn.log.split(" ", 2)[-1]
        raise KeyError(key)

    def handle(self, person: tuple[str, str]) -> str:
        first, last = person
        plain = (first[0] + last).lower() if self.rng.random() < 0.5 else first.lower()
        return "@" + re.sub(r"[^a-z0-9]", "", plain.replace("á", "a").replace("í", "i"))

    def ticket(self) -> str:
        project = self.rng.choice(_TICKET_PROJECTS)
        number = self.rng.randint(100, 9999)
        return f"[{project}-{number}](https://tracker.example.com/browse/{project}-{number})"

    def fill(self, template: str, **fixed: str) -> str:
        return _cap(template.format_map(_Slots(self, fixed)))

    def sentence(self, pool: tuple[str, ...]) -> str:
        """One filled template: one this document has not used yet while there are any, and never the same
        words twice if that can be helped; a strict (clean) document never takes one with a risky word."""
        fresh = [template for template in pool if template not in self.used]
        fallback = None
        for attempt in range(50):
            template = self.rng.choice(fresh if fresh and attempt < 10 else pool)
            text = self.fill(template)
            if self.strict and RISKY.search(text):
                continue
            if text not in self.used:
                self.used.add(template)
                self.used.add(text)
                return text
            fallback = fallback or text
        if fallback is None:
            raise RuntimeError("no neutral sentence in this pool")
        return fallback

    def salted(self, pool: tuple[str, ...]) -> tuple[str, ...]:
        """The pool, or now and then blame, charged or near-miss sentences when the document has them."""
        roll = self.rng.random()
        if self.issues and roll < self.salt:
            return _BLAME
        if self.charged and roll < 2 * self.salt:
            return _CHARGED_SENTENCES
        if (self.near_miss or self.issues) and roll > 1 - self.salt:
            return _NEAR_MISS
        return pool

    def prose(self, pool: tuple[str, ...], low: int = 2, high: int = 5) -> str:
        sentences = [self.sentence(self.salted(pool)) for _ in range(self.rng.randint(low, high))]
        return " ".join(dict.fromkeys(sentences))

    # -- front matter and title --------------------------------------------------------------------

    def head(self) -> str:
        rng = self.rng
        date = self.start.date().isoformat()
        title = self.scn.title
        blocks = []
        names = [f"{first} {last}" for first, last in self.authors]
        if self.front_matter:
            lines = ["---", f'title: "{title}"', f"date: {date}"]
            style = rng.random()
            if style < 0.5:
                lines.append("authors: [" + ", ".join(f'"{name}"' if "'" in name else name for name in names) + "]")
            elif style < 0.85 or len(names) > 1:
                lines.append("authors:")
                lines.extend(f"  - {name}" for name in names)
            else:
                lines.append(f"author: {names[0]}")
            lines.append("status: " + rng.choice(["draft", "in review", "published", "final", "complete"]))
            if rng.random() < 0.4:
                lines.append(f"severity: SEV{rng.randint(1, 3)}")
            if rng.random() < 0.3:
                lines.append(f"incident: INC-{rng.randint(1000, 9999)}")
            if rng.random() < 0.3:
                lines.append(f"services: [{self.scn.component}, {self.scn.host}]")
            if rng.random() < 0.2:
                lines.append("reviewers:")
                lines.extend(f"  - {first} {last}" for first, last in self.people[-2:])
            lines.append("---")
            blocks.append("\n".join(lines))
        form = rng.random()
        if form < 0.35:
            blocks.append(f"# Incident Post-Mortem: {title}")
        elif form < 0.6:
            blocks.append(f"# {title}")
        elif form < 0.75:
            blocks.append(f"# Post-mortem: {title} ({date})")
        elif form < 0.9:
            blocks.append(f"# {date}: {title}")
        else:
            blocks.append(f"{title}\n{'=' * len(title)}")
        if not self.front_matter:
            status = rng.choice(["Draft", "Published", "In review"])
            if rng.random() < 0.5:
                blocks.append(f"| | |\n|---|---|\n| **Date** | {date} |\n| **Authors** | {', '.join(names)} |\n"
                              f"| **Status** | {status} |")
            else:
                blocks.append(f"**Date:** {date}  \n**Authors:** {', '.join(names)}  \n**Status:** {status}")
        if rng.random() < 0.3:
            review = (self.start.date() + dt.timedelta(days=rng.randint(2, 9))).isoformat()
            blocks.append(rng.choice(["<!-- Written from the post-mortem template v3. Delete the hints before "
                                      "publishing. -->",
                                      f"<!-- Reviewed in the weekly incident review on {review} -->",
                                      "<!-- pmlint-disable-file PM301 -->"]))
        return "\n\n".join(blocks)

    def heading(self, text: str, number: list[int]) -> str:
        if self.numbered:
            number[0] += 1
            text = f"{number[0]}. {text}"
        return "## " + text

    # -- times ---------------------------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        if self.zone == "pst":
            return moment - dt.timedelta(hours=8)
        if self.zone == "offset":
            return moment + dt.timedelta(hours=2)
        return moment

    def clock_text(self, moment: dt.datetime, dated: bool = False) -> str:
        local = self.local(moment)
        if self.zone == "offset":
            return local.strftime("%Y-%m-%dT%H:%M") + "+02:00"
        text = _twelve_hour(local) if self.twelve_hour else local.strftime("%H:%M")
        if self.zone == "utc-entry":
            if self.entry_zone_style == "iso":
                return local.strftime("%Y-%m-%dT%H:%MZ")
            if self.entry_zone_style == "dated":
                return local.strftime("%Y-%m-%d %H:%M UTC")
            text += " UTC"
        if dated:
            text = local.strftime("%Y-%m-%d ") + text
        return text

    def zone_words(self) -> str:
        return {"pst": " PST", "offset": " (UTC+02:00)", "none": ""}.get(self.zone, " UTC")

    def span_text(self, with_date: bool = True) -> str:
        start, end = self.local(self.start), self.local(self.end())
        show = _twelve_hour if self.twelve_hour else (lambda moment: moment.strftime("%H:%M"))
        zone = self.zone_words()
        if start.date() == end.date():
            return f"from {show(start)} to {show(end)}{zone}" + (f" on {_long_date(start.date())}" if with_date else "")
        return (f"from {show(start)}{zone} on {_long_date(start.date())} to {show(end)}{zone} on "
                f"{_long_date(end.date())}")

    def end(self) -> dt.datetime:
        return max(self.times, default=self.start) + self.resolve_gap

    # -- the executive summary ---------------------------------------------------------------------

    def summary_section(self, number: list[int]) -> _Section:
        title = self.rng.choice(["Executive Summary", "Summary", "Overview"] if self.strict else
                                ["Executive Summary", "Executive Summary", "Summary", "TL;DR", "Overview",
                                 "Incident Summary", "Issue Summary"])
        section = _Section("summary", self.heading(title, number))
        section.tail = self.summary_blocks
        return section

    def summary_blocks(self) -> list[str]:
        # Written last (it states the timeline's final duration), from its own generator so that
        # rendering again while sizing the document gives the same words.
        scn, rng = self.scn, random.Random(f"summary:{self.seed_text}")
        minutes = int((self.end() - self.start).total_seconds() // 60)
        if self.summary_defect == "wrong-duration":
            minutes = max(5, minutes // 3)
        count = self.affected
        form = rng.choice([0, 0, 1, 2])
        if self.jargon:
            impact = f"{_cap(scn.impact_tech)}; about {count} {scn.users} were affected."
            cause = _cap(scn.cause_tech) + "."
        else:
            impact = f"About {count} {scn.users} could not {scn.impact_verb}: {scn.symptom}."
            cause = _cap(scn.cause) + "."
        duration = f"{_duration_text(minutes, form)}, {self.span_text()}."
        status = rng.choice([f"Resolved. {_cap(scn.remedy)}.", "Resolved; follow-up work is listed under Action Items.",
                             f"Mitigated: {scn.remedy}. Long-term fixes are in progress."])
        if self.summary_defect == "tbd-cause":
            cause = "TBD"
        fields = [("Impact", impact), ("Duration", duration), ("Root Cause", cause), ("Status", status)]
        if self.summary_defect == "no-status":
            fields.pop()
        if self.summary_style == "bullets":
            line = rng.choice(["- **{k}:** {v}", "- {k}: {v}", "* **{k}**: {v}"])
            return ["\n".join(line.format(k=k, v=v) for k, v in fields)]
        if self.summary_style == "bold":
            return [f"**{k}:** {v}" for k, v in fields]
        if self.summary_style == "table":
            rows = "\n".join(f"| {k} | {v.replace('|', '/')} |" for k, v in fields)
            return ["| Field | Details |\n|-------|---------|\n" + rows]
        if self.local(self.start).date() == self.local(self.end()).date():
            text = f"On {_long_date(self.local(self.start).date())}, {self.span_text(with_date=False)} "
        else:
            text = f"{_cap(self.span_text())} "
        text += f"({_duration_text(minutes, form)}), "
        if self.jargon:
            text += f"{scn.impact_tech}. This happened because {scn.cause_tech}."
        else:
            text += f"about {count} {scn.users} could not {scn.impact_verb}. This happened because {scn.cause}."
        if self.summary_defect != "no-status":
            text += " " + status
        blocks = [text]
        if rng.random() < 0.3:
            blocks.append(f"This document covers the response, the causes and the work that follows. The "
                          f"{scn.team} team owns the follow-up.")
        return blocks

    # -- the timeline --------------------------------------------------------------------------------

    def timeline_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Timeline", "Timeline", "Incident Timeline", "Chronology", "Timeline of Events"])
        if self.zone == "utc-heading":
            title += rng.choice([" (UTC)", " (all times UTC)"])
        elif self.zone == "pst" and rng.random() < 0.6:
            title += " (all times PST)"
        section = _Section("timeline", self.heading(title, number), weight=40)
        if self.zone == "utc-intro":
            section.intro.append(rng.choice(["All times are in UTC.", "All times UTC.", "All times below are in UTC."]))
        elif self.zone == "pst" and "PST" not in title:
            section.intro.append("All times are in PST.")
        if rng.random() < 0.2:
            section.intro.append(f"Times come from the incident channel and the {self.scn.alert} alert history.")
        if self.tl_style == "table":
            section.joiner = "\n"
            if self.tl_table_dates:
                section.body.append(f"| Date | {self.tl_table_header} | Event |\n|------|------|-------|")
            else:
                section.body.append(f"| {self.tl_table_header} | Event |\n|------|-------|")
        elif self.tl_style in ("bullets", "numbered"):
            section.joiner = "\n"
        elif self.tl_style == "bold":
            section.joiner = rng.choice(["\n\n", "\n"])
        section.tail = self.timeline_resolution
        section.grow = self.timeline_entry
        # The skeleton: the change that started it (no impact words), then the first alert.
        section.body.extend(self.entry(self.start - self.trigger_gap, self.fill(self.scn.trigger)))
        section.body.extend(self.entry(self.start, self.fill(rng.choice([
            "{alert} alert fires for the {service}.", "{alert} alert fired; on-call paged.",
            "First customer reports: {symptom}.", "Monitoring alert: error rate for the {service} above {pct}%."]))))
        return section

    def entry(self, moment: dt.datetime, text: str) -> list[str]:
        """The blocks of one timeline entry, with a date heading first when its day starts."""
        blocks = []
        day = self.local(moment).date()
        new_day = self.tl_day is not None and day > self.tl_day
        if self.tl_style == "table":
            self.tl_dated_cells = self.tl_dated_cells or new_day
        elif new_day or (self.tl_day is None and self.tl_date_heading):
            blocks.append(self.date_heading(day, self.rng.random() < 0.6))
        if self.tl_day is None or new_day:
            self.tl_day = day
        blocks.append(self.entry_text(moment, text, len(self.times) + 1))
        self.times.append(moment)
        return blocks

    def date_heading(self, day: dt.date, iso: bool) -> str:
        text = day.isoformat() if iso else f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"\n### {text}\n" if self.tl_style in ("bullets", "numbered", "bold") else f"### {text}"

    def entry_text(self, moment: dt.datetime, text: str, index: int, nested: bool = True) -> str:
        style = self.tl_style
        if style == "table":
            cell = text.replace("|", "\\|")
            if self.tl_table_dates:
                return f"| {self.local(moment).date().isoformat()} | {self.clock_text(moment)} | {cell} |"
            return f"| {self.clock_text(moment, dated=self.tl_dated_cells)} | {cell} |"
        stamp = self.clock_text(moment)
        if style == "bullets":
            line = self.tl_bullet.format(t=stamp, e=text)
            if nested and self.rng.random() < 0.08:
                line += "\n  - " + self.fill(self.rng.choice(_NESTED))
            return line
        if style == "numbered":
            return f"{index}. {stamp} — {text}"
        if style == "bold":
            return f"**{stamp}** — {text}"
        return f"#### {stamp}\n\n{text}"

    def timeline_entry(self) -> list[str]:
        rng = self.rng
        if self.out_of_order and len(self.times) > 3 and rng.random() < 0.05:
            moment = self.clock - dt.timedelta(minutes=rng.randint(4, 20))
            if self.local(moment).date() == self.tl_day:
                self.out_of_order -= 1
                return self.entry(moment, "(Added later) " + self.sentence(_EVENTS))
        step = rng.choice((0, 1, 1, 2, 2, 3)) if self.big else rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12))
        self.clock += dt.timedelta(minutes=step)
        return self.entry(self.clock, self.sentence(self.salted(_EVENTS)))

    def timeline_resolution(self) -> list[str]:
        moment = self.end()
        text = random.Random(f"resolution:{self.seed_text}").choice([
            "Error rates back to normal; incident resolved.", "{service} fully operational; incident closed.",
            "All clear: {metric} back to normal for 30 minutes. Incident resolved.",
            "Service restored in all regions; monitoring continues."]).format(
            service=_cap(self.scn.service), metric=self.scn.metric)
        day = self.local(moment).date()
        new_day = self.tl_day is not None and day > self.tl_day
        if self.tl_style == "table" and not self.tl_table_dates:
            return [f"| {self.clock_text(moment, dated=self.tl_dated_cells or new_day)} | {text} |"]
        blocks = [self.date_heading(day, True)] if new_day and self.tl_style != "table" else []
        return blocks + [self.entry_text(moment, text, len(self.times) + 1, nested=False)]

    # -- other sections ------------------------------------------------------------------------------

    def rca_section(self, number: list[int]) -> _Section:
        rng, scn = self.rng, self.scn
        title = rng.choice(["Root Cause Analysis", "Root Cause Analysis", "Root Cause", "Root Causes",
                            "Contributing Factors", "Why It Happened"])
        section = _Section("rca", self.heading(title, number), weight=18)
        section.intro.append(f"{_cap(scn.cause_tech)}. " + self.prose(_RCA, 1, 2))
        if rng.random() < 0.5:
            section.intro.append(self.config_block())
        if rng.random() < 0.75:
            section.intro.append(self.five_whys())
        section.grow = lambda: self.rca_growth(section)
        return section

    def five_whys(self) -> str:
        scn, rng = self.scn, self.rng
        whys = [
            f"Why could {scn.users} not {scn.impact_verb}? Because {scn.symptom}.",
            f"Why was that? Because {scn.cause}.",
            f"Why was the change not caught before production? Nothing in the pipeline checks `{scn.key}`, and "
            "staging never reaches the load where the value matters.",
            "Why is there no such check? Configuration files are reviewed by hand, and the review template has "
            "no item for limits and defaults.",
            "Why does the review rely on people alone? Configuration was never part of the release checklist.",
        ]
        if self.issues and rng.random() < 0.3:
            whys[2] = self.fill(_BLAME_WHY)
        lines = [f"{index}. {why}" for index, why in enumerate(whys, 1)]
        if rng.random() < 0.4:
            lines.insert(2, "   - " + self.fill(rng.choice(_NESTED)))
        heading = rng.choice(["### Five whys", "**Five whys**", ""])
        return (heading + "\n\n" if heading else "") + "\n".join(lines)

    def config_block(self) -> str:
        scn, rng = self.scn, self.rng
        path = scn.key.split(".")
        if scn.config_lang == "json":
            body = f'{{\n  "{path[0]}": {{\n    "{".".join(path[1:])}": {scn.bad}\n  }}\n}}'
        elif scn.config_lang == "ini":
            body = f"[{path[0]}]\n{'.'.join(path[1:])} = {scn.bad.strip(chr(34))}"
        elif scn.config_lang == "hcl":
            body = f'resource "dns_record" "api" {{\n  {scn.key} = {scn.bad}\n  ttl = 3600\n}}'
        else:
            lines = [f"{'  ' * depth}{part}:" for depth, part in enumerate(path[:-1])]
            lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}: {scn.bad}   # was {scn.good}")
            body = "\n".join(lines)
        fence = rng.choice(["```", "~~~"])
        intro = rng.choice([f"The value that reached production ({self.fill('{pr}')}):",
                            "The configuration as deployed:", f"From `{scn.component}/config/production`:"])
        return f"{intro}\n\n{fence}{scn.config_lang}\n{body}\n{fence}"

    def log_block(self) -> str:
        rng = self.rng
        moment = self.start + dt.timedelta(minutes=rng.randint(0, 30))
        lines = []
        for _ in range(rng.randint(3, 7)):
            moment += dt.timedelta(seconds=rng.randint(1, 50), milliseconds=rng.randint(0, 999))
            lines.append(f"{moment.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z {self.scn.host}-{rng.randint(1, 24):02d} "
                         f"{self.scn.log}")
        intro = rng.choice(["Log excerpt:", f"From `{self.scn.component}`:", "What the logs showed:"])
        return intro + "\n\n```text\n" + "\n".join(lines) + "\n```"

    def rca_growth(self, section: _Section) -> list[str]:
        rng = self.rng
        blocks = []
        if section.grown % 4 == 3 and (self.big or rng.random() < 0.3):
            blocks.append(f"### {self.fill(rng.choice(_FACTORS))}")
        roll = rng.random()
        if roll < 0.08:
            blocks.append(self.log_block())
        elif roll < 0.14:
            blocks.append(f"We checked with `{self.scn.command}`." if rng.random() < 0.4 else
                          f"We checked with:\n\n```sh\n{self.scn.command}\n```")
        elif roll < 0.2:
            marker = self.list_marker
            items = [f"{marker} {self.sentence(_RCA)}" for _ in range(rng.randint(2, 4))]
            items.insert(1, f"  {marker} {self.fill(rng.choice(_NESTED))}")
            blocks.append("\n".join(items))
        elif roll < 0.24:
            blocks.append("> " + self.prose(_RCA, 1, 2) + f"\n>\n> — from the notes of {self.fill('{person}')}")
        else:
            blocks.append(self.prose(_RCA, 2, 5))
        return blocks

    def list_section(self, kind: str, title: str, pool: tuple[str, ...], number: list[int], weight: float,
                     cap: int, salt: bool) -> _Section:
        section = _Section(kind, self.heading(title, number), joiner="\n", weight=weight, cap=cap)
        marker = self.list_marker

        def grow() -> list[str]:
            item = f"{marker} {self.sentence(self.salted(pool) if salt else pool)}"
            if self.rng.random() < 0.12:
                item += f"\n  {marker} {self.fill(self.rng.choice(_NESTED))}"
            return [item]

        section.grow = grow
        section.body.extend(grow())
        return section

    def action_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Action Items", "Action Items", "Action items", "Corrective Actions", "Follow-ups",
                            "Next Steps", "Remediation"])
        section = _Section("actions", self.heading(title, number), weight=8, cap=60 if self.big else 30)
        if rng.random() < 0.2:
            section.intro.append("Each item has a ticket; the tracker has the current status.")
        if self.action_style == "table":
            section.joiner = "\n"
            columns = self.action_columns
            section.body.append("| " + " | ".join(columns) + " |\n|" + "|".join("---" for _ in columns) + "|")
        elif self.action_style in ("list", "will"):
            section.joiner = "\n"
        section.grow = self.action_item
        for _ in range(2):
            section.body.extend(self.action_item())
        return section

    def action_item(self) -> list[str]:
        rng = self.rng
        self.action_count += 1
        blocks = []
        if self.action_style == "grouped" and self.action_count in (1, 4, 9):
            blocks.append("### " + {1: "Immediate", 4: "Short-term", 9: "Long-term"}[self.action_count])
        vague = rng.random() < self.vague_rate
        what = self.sentence(_VAGUE_ACTIONS if vague else _SPECIFIC_ACTIONS)
        person = rng.choice(self.people)
        roll = rng.random()
        if roll < 0.6 or self.strict:
            owner = f"{person[0]} {person[1]}"
        elif roll < 0.75:
            owner = self.handle(person)
        elif roll < 0.83:
            owner = rng.choice(["Platform team", "SRE", "infra", f"{_cap(self.scn.team)} team"])
        elif roll < 0.93:
            owner = ""
        else:
            owner = "TBD"
        due_day = self.start.date() + dt.timedelta(days=rng.randint(7, 120))
        roll = rng.random()
        if roll < 0.55 or self.strict:
            due = due_day.isoformat()
        elif roll < 0.7:
            due = f"{_MONTHS[due_day.month - 1]} {due_day.day}, {due_day.year}"
        elif roll < 0.78:
            due = f"Q{(due_day.month - 1) // 3 + 1} {due_day.year}"
        elif roll < 0.85:
            due = "ASAP"
        elif roll < 0.95:
            due = ""
        else:
            due = "next sprint"
        status = rng.choice(["Open", "In progress", "Done", "Not started", "Open"])
        ticket = self.ticket() if rng.random() < 0.5 else ""
        if self.action_style == "table":
            values = {"ID": f"AI-{self.action_count}", "#": str(self.action_count), "Action": what, "Item": what,
                      "Action item": what, "Owner": owner, "Assignee": owner, "Due": due, "Due date": due,
                      "Deadline": due, "Status": status, "Ticket": ticket}
            blocks.append("| " + " | ".join(values[column] for column in self.action_columns) + " |")
            return blocks
        if self.action_style == "will" and " " in owner and due:
            line = f"- {person[0]} will {what[0].lower() + what[1:]} by {due}."
            blocks.append(line + (f" {ticket}" if ticket else ""))
            return blocks
        if self.action_bullet == "task":
            details = ", ".join(part for part in (f"owner: {owner}" if owner else "", f"due: {due}" if due else "")
                                if part)
            line = f"- [{'x' if status == 'Done' else ' '}] {what}" + (f" ({details})" if details else "")
            line += f" {ticket}" if ticket else ""
        elif self.action_bullet == "dash":
            line = f"- {what}" + (f" — {owner}" if owner else "") + (f", by {due}" if due else "")
            line += f" ({ticket})" if ticket else ""
        elif self.action_bullet == "bold":
            line = f"{self.action_count}. **{what}.**" + (f" Owner: {owner}." if owner else "")
            line += (f" Due: {due}." if due else "") + (f" Ticket: {ticket}" if ticket else "")
        else:
            line = f"- {what}." + (f" Owner: {owner}" if owner else "") + (f"; due {due}." if due else "")
            line += f" {ticket}" if ticket else ""
        blocks.append(line)
        return blocks

    def lessons_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Lessons Learned", "Lessons Learned", "Lessons learnt", "Key Takeaways", "Learnings"])
        section = _Section("lessons", self.heading(title, number), weight=5, cap=25)
        if not self.strict and rng.random() < 0.05:
            section.body.append("TBD")  # not written yet
            return section
        if rng.random() < 0.5:
            section.joiner = "\n"
            marker = self.list_marker
            section.grow = lambda: [f"{marker} {self.sentence(self.salted(_LESSONS))}"]
        else:
            section.grow = lambda: [self.prose(_LESSONS, 1, 3)]
        section.body.extend(section.grow())
        return section

    def prose_section(self, title: str, opener: str, number: list[int], weight: float) -> _Section:
        section = _Section("prose", self.heading(title, number), weight=weight, cap=20)
        section.body.append(self.fill(opener) + " " + self.prose(_RCA, 1, 2))
        section.grow = lambda: [self.prose(_RCA, 2, 4)]
        return section

    def impact_section(self, number: list[int]) -> _Section:
        rng = self.rng
        section = _Section("impact", self.heading(rng.choice(["Impact", "Customer Impact", "User Impact"]), number),
                           weight=4, cap=10)
        section.body.append(self.fill("Between the first alert and the fix, {pct}% of requests to the {service} "
                                      "returned errors, and about {affected} {users} were affected.",
                                      affected=self.affected))
        if rng.random() < 0.5:
            section.body.append("| Region | Requests with errors | Share |\n|---|---|---|\n" + "\n".join(
                f"| {region} | {rng.randint(1000, 90000):,} | {rng.randint(2, 60)}% |"
                for region in rng.sample(_REGIONS, 3)))
        if rng.random() < 0.4:
            section.body.append(self.fill("> We could not {impact_verb} for most of the afternoon. Is there an "
                                          "estimate for the fix?\n>\n> — a customer, in {ticket}"))
        section.grow = lambda: [self.prose(_RCA, 2, 4)]
        return section

    def communication_section(self, number: list[int]) -> _Section:
        section = _Section("communication", self.heading("Customer Communication", number), weight=2, cap=8)
        moment = self.local(self.start + dt.timedelta(minutes=self.rng.randint(8, 30)))
        shown = _twelve_hour(moment) if self.twelve_hour else moment.strftime("%H:%M")
        section.body.append(f"The first status page update, published at {shown}{self.zone_words()}:")
        section.body.append(f"> **Investigating** — Some {self.scn.users} cannot {self.scn.impact_verb}. We are "
                            f"working on it and will post an update within 30 minutes.")
        section.grow = lambda: [self.prose(_WELL, 1, 3)]
        return section

    def appendix_section(self, number: list[int]) -> _Section:
        section = _Section("appendix", self.heading("Appendix", number), weight=14 if self.big else 3)
        section.body.append(f"![{_cap(self.scn.metric)} during the incident](images/{self.scn.slug}-"
                            f"{self.rng.randint(1, 99)}.png)")
        section.grow = lambda: self.appendix_growth(section)
        return section

    def appendix_growth(self, section: _Section) -> list[str]:
        rng = self.rng
        blocks = []
        if section.grown % 3 == 0:
            if self.big and section.grown % 15 == 0:
                self.appendix_count += 1
                topic = rng.choice(["Notes from `{host}`", "Investigation of the {dependency}", "Metrics for {region}",
                                    "Follow-up analysis of `{component}`", "Review of release `{version}`"])
                blocks.append(f"## Appendix {self.appendix_count}: {self.fill(topic)}")
            else:
                topic = rng.choice(["Notes on `{host}`", "The {dependency} in {region}", "Queue `{queue}`",
                                    "Table `{table}`", "Release `{version}`"])
                blocks.append(f"### {self.fill(topic)}")
        roll = rng.random()
        if roll < 0.2:
            blocks.append(self.log_block())
        elif roll < 0.3:
            blocks.append(f"| Host | {_cap(self.scn.metric)} | Restarts |\n|---|---|---|\n" + "\n".join(
                f"| `{self.scn.host}-{rng.randint(1, 40):02d}` | {rng.randint(10, 99)}% | {rng.randint(0, 14)} |"
                for _ in range(rng.randint(3, 8))))
        elif roll < 0.35:
            blocks.append(f"<!-- TODO: replace with the graph from {self.fill('{dashboard}')} -->")
        else:
            blocks.append(self.prose(_RCA, 2, 5))
        return blocks

    # -- the whole document ------------------------------------------------------------------------

    def build(self, target: int) -> None:
        """The skeleton of every section, grown by about ``target`` bytes in all."""
        rng = self.rng
        number = [0]
        sections = [self.summary_section(number)]
        if self.big or rng.random() < 0.3:
            sections.append(self.impact_section(number))
        if self.big or rng.random() < 0.2:
            sections.append(self.prose_section("Detection", "The {alert} alert paged the {team} on-call engineer.",
                                               number, 3))
        timeline = self.timeline_section(number)
        sections.append(timeline)
        rca = self.rca_section(number)
        sections.append(rca)
        if self.big or rng.random() < 0.25:
            sections.append(self.prose_section("Recovery", "Recovery started once the cause was clear: {remedy}.",
                                               number, 3))
        sections.append(self.list_section("well", rng.choice(["What Went Well", "What went well",
                                                              "Things that went well", "What went right"]),
                                          _WELL, number, 6, 25, salt=False))
        wrong = self.list_section("wrong", rng.choice(["What Went Wrong", "What went wrong", "Areas for improvement",
                                                       "What could have gone better"]
                                                      + ([] if self.strict else ["What didn't go well"])),
                                  _WRONG, number, 7, 30, salt=True)
        sections.append(wrong)
        if rng.random() < 0.15:
            sections.append(self.list_section("lucky", "Where We Got Lucky", _WELL, number, 2, 6, salt=False))
        if self.strict or rng.random() < 0.97:
            sections.append(self.action_section(number))
        if self.strict or rng.random() < 0.95:
            sections.append(self.lessons_section(number))
        if rng.random() < 0.2:
            sections.append(self.communication_section(number))
        if rng.random() < 0.15:
            participants = _Section("participants", self.heading("Participants", number), joiner="\n")
            participants.body.extend(f"- {first} {last} ({self.handle((first, last))})" for first, last in self.people)
            sections.append(participants)
        if self.big or rng.random() < 0.25:
            sections.append(self.appendix_section(number))
        self.sections = sections
        if self.issues:
            # At least one blame phrase, in the analysis or in what went wrong; usually a charged word too.
            where = rng.choice([rca, wrong])
            sentence = self.fill(rng.choice(_BLAME))
            where.body.append(f"{self.list_marker} {sentence}" if where.joiner == "\n" else sentence)
            if self.charged:
                rng.choice([rca, wrong, timeline]).after.append(self.fill(rng.choice(_CHARGED_SENTENCES)))
        self.head_text = self.head()
        size = _utf8(self.render())
        while size < target:
            size += self.grow_once()

    def grow_once(self) -> int:
        candidates = [section for section in self.sections
                      if section.grow is not None and section.weight > 0
                      and (section.cap is None or section.grown < section.cap)]
        section = self.rng.choices(candidates, [section.weight for section in candidates])[0]
        state = (self.clock, self.tl_day, self.tl_dated_cells, self.out_of_order, self.action_count,
                 self.appendix_count)
        entries = len(self.times)
        assert section.grow is not None
        blocks = section.grow()
        if section.joiner == "\n":  # a heading inside a list or table needs blank lines around it
            blocks = [f"\n{block}\n" if block.startswith("#") else block for block in blocks]
        section.body.extend(blocks)
        section.grown += 1
        self.history.append((section, len(blocks), len(self.times) - entries, state))
        return sum(_utf8(block) + len(section.joiner) for block in blocks)

    def undo(self) -> None:
        section, blocks, entries, state = self.history.pop()
        del section.body[len(section.body) - blocks:]
        del self.times[len(self.times) - entries:]
        section.grown -= 1
        (self.clock, self.tl_day, self.tl_dated_cells, self.out_of_order, self.action_count,
         self.appendix_count) = state

    def render(self) -> str:
        return "\n\n".join([self.head_text] + [section.render() for section in self.sections]) + "\n"

    def sized(self, target: int, low: int, high: int) -> str:
        """The document grown to about ``target`` bytes, then adjusted until it is within [low, high]."""
        self.build(target)
        text = self.render()
        for _ in range(100_000):
            size = _utf8(text)
            if size < low:
                self.grow_once()
            elif size > high and self.history:
                self.undo()
            else:
                return text
            text = self.render()
        raise RuntimeError(f"cannot size the document to {low}..{high} bytes")


def _long_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _duration_text(minutes: int, form: int = 0) -> str:
    """``134`` → "2 hours and 14 minutes" (form 0), "2 hours 14 minutes" (1) or "2 h 14 min" (2)."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    units = (("day", "days"), ("hour", "hours"), ("minute", "minutes")) if form < 2 else \
        (("d", "d"), ("h", "h"), ("min", "min"))
    parts = [f"{amount} {unit[amount != 1]}" for amount, unit in zip((days, hours, mins), units) if amount]
    if not parts:
        parts = [f"0 {units[2][1]}"]
    if len(parts) == 1 or form > 0:
        return " ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# -- the public interface ------------------------------------------------------------------------------

def document(seed_text: str, target: int, low: int, high: int, *, issues: bool, strict: bool = False,
             near_miss: bool = False, big: bool = False) -> tuple[str, _Writer]:
    """One post-mortem from its own generator seeded with ``seed_text``, of ``low`` to ``high`` bytes."""
    writer = _Writer(random.Random(seed_text), seed_text, issues=issues, strict=strict, near_miss=near_miss, big=big)
    return writer.sized(target, low, high), writer


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` post-mortems of 2 KB to 40 KB into ``directory``; the paths, in the order written.

    Sizes follow a triangular distribution of their logarithm, like real post-mortems: half are under
    about 6 KB, a quarter over 10 KB, a few near 40 KB. Every fifth document (``LANGUAGE_ISSUE_RATE``)
    has blame, and usually charged words and jargon in the summary.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    period = round(1 / LANGUAGE_ISSUE_RATE)
    paths = []
    for index in range(count):
        chooser = random.Random(f"corpus:{seed}:{index}:shape")
        target = int(math.exp(chooser.triangular(math.log(2_300), math.log(38_000), math.log(3_500))))
        issues = index % period == seed % period
        near_miss = not issues and chooser.random() < NEAR_MISS_RATE
        text, writer = document(f"corpus:{seed}:{index}", target, MIN_SIZE, MAX_SIZE, issues=issues,
                                near_miss=near_miss)
        path = directory / f"{writer.start.date().isoformat()}-{writer.scn.slug}-{index:05d}.md"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def typical_document(seed: int = 7) -> str:
    """One post-mortem of about 8 KB with a blame phrase (so pmlint's blame rule parses text with spaCy)."""
    return document(f"typical:{seed}", TYPICAL_SIZE, 7_500, 9_000, issues=True)[0]


def clean_document(seed: int = 7) -> str:
    """One post-mortem of about 8 KB whose text no language rule (PM401-PM403) can match.

    No blame verb, possessive fault or "human error" anywhere (pmlint's blame prefilter finds nothing, so
    spaCy is never imported), no charged word, and a summary in plain words without acronyms or jargon.
    """
    text = document(f"clean:{seed}", TYPICAL_SIZE, 7_500, 9_000, issues=False, strict=True)[0]
    problem = _clean_problem(text)
    if problem:
        raise RuntimeError(f"clean_document({seed}) is not clean: {problem}")
    return text


def big_document(size_bytes: int, seed: int = 7) -> str:
    """One very long post-mortem of ``size_bytes`` bytes (within 5%): a timeline of thousands of entries
    over many days, long analyses and many appendix sections, with a few blame and charged sentences."""
    low, high = int(size_bytes * 0.95), int(size_bytes * 1.05)
    return document(f"big:{seed}:{size_bytes}", size_bytes, low, high, issues=True, big=True)[0]


def _clean_problem(text: str) -> str | None:
    """What in ``text`` could match a language rule, or None."""
    prose = re.sub(r"```.*?```|~~~.*?~~~|`[^`\n]*`", "", text, flags=re.DOTALL)
    found = RISKY.search(prose)
    if found:
        return f"risky word {found.group(0)!r}"
    summary = re.search(r"^## (?:\d+\. )?(?:Executive Summary|Summary|Overview)\n(.*?)(?=^## )", text,
                        re.DOTALL | re.MULTILINE)
    if summary is None:
        return "no summary section"
    body = summary.group(1)
    found = _JARGON.search(body)
    if found:
        return f"jargon {found.group(0)!r} in the summary"
    for match in _ACRONYM.finditer(body):
        if match.group(0) not in _COMMON_ACRONYMS:
            return f"acronym {match.group(0)!r} in the summary"
    return None
