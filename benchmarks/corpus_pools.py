"""The material of generated post-mortems: incident scenarios, people, places and sentence pools, and RISKY.

``RISKY`` matches the words that could make pmlint's language rules match; the writer keeps them out of
the documents that must stay clean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


SCENARIOS = (
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

FIRST_NAMES = ("Priya", "Tomás", "Mei", "Jonas", "Aisha", "Daniel", "Sofia", "Kenji", "Olga", "Marcus", "Fatima",
                "Lukas", "Hannah", "Arjun", "Elena", "Omar", "Claire", "Pavel", "Nadia", "Ben", "Yuki", "Carlos",
                "Ingrid", "Samuel", "Zara", "Felix", "Laura", "Rahul", "Beatriz", "Henrik")
LAST_NAMES = ("Raman", "Ortega", "Chen", "Weber", "Okafor", "Kowalski", "Rossi", "Tanaka", "Ivanova", "Brown",
               "Haddad", "Schmidt", "Lindqvist", "Patel", "Moreau", "Nakamura", "Silva", "Novak", "Dubois", "Murphy",
               "García", "Fischer", "Andersen", "Kaur", "O'Neill", "Costa", "Yilmaz", "Park", "Hughes", "Berg")
TEAMS = ("platform", "storage", "networking", "observability", "security", "data", "mobile", "frontend",
          "database reliability", "customer support")
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "europe-west4", "us-central1", "eu-central-1")
TICKET_PROJECTS = ("OPS", "INC", "SRE", "PLAT", "REL")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


# -- sentence pools (neutral: none of them contains a RISKY word) -----------------------------------

EVENTS = (
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
NEAR_MISS = (
    "{first} restarted `{component}`, but the health check failed again.",
    "The on-call engineer retried the job; the retry failed with the same timeout.",
    "{first} checked the logs: the readiness probe failed on {small} pods.",
    "The engineer on call saw that the deploy pipeline broke at the migration step.",
    "{first} noted that the cron job missed two scheduled runs.",
    "She escalated to the {other_team} team after the automated rollback did not complete.",
    "{first} confirmed the old certificate was still cached, which caused the handshake errors.",
)
BLAME = (
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
BLAME_WHY = ("Why did the developer forget to run the configuration check? {name} was in a hurry to ship before "
              "the freeze.")
CHARGED_SENTENCES = (
    "Frankly, this was a disaster for the {team} team.",
    "The rollout plan was sloppy, and the review was careless.",
    "Obviously, the alert threshold was far too high.",
    "It was a terrible afternoon for the support team.",
    "The change to `{key}` was a stupid mistake that nobody caught.",
    "The whole first hour of the response was a fiasco.",
    "An outage like this is inexcusable for a service of this size.",
)
RCA = (
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
FACTORS = ("Configuration drift between environments", "Alerting on symptoms, not saturation",
            "Unclear ownership of the {dependency}", "Rollouts to all regions at once", "Retries without backoff",
            "Health checks that test too little", "Staging that does not resemble production",
            "Manual steps in the release checklist", "Dashboards spread across folders",
            "Defaults changed by a dependency upgrade")
WELL = (
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
WRONG = (
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
NESTED = (
    "Error budget for {month}: {pct}% used.",
    "See {ticket}.",
    "Affected hosts: `{host}` and {small} others.",
    "Threshold today: {pct}%; proposed: {small}0%.",
    "Dashboard: {dashboard}",
    "Raised in the review on {date}.",
)
LESSONS = (
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
SPECIFIC_ACTIONS = (
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
VAGUE_ACTIONS = ("Improve monitoring", "Look into retries for the {service}",
                  "Be more careful with configuration changes",
                  "Investigate the performance of the {dependency}", "Consider better alerting",
                  "Think about a more robust rollout process")
