"""Who may call each RPC: the one table the auth interceptor consults.

Anything not listed needs a signed-in caller (`AUTHENTICATED`). Finer rules ("only the owner", "a
participant") depend on data and live in each domain's service. `tests/unit/test_policy.py` checks this
table against the `Caller:` line each RPC documents in the contract.
"""

from __future__ import annotations

from pkg.grpcx.auth import AUTHENTICATED, PUBLIC, Access, Policy, PolicyTable, role

ADMIN = role("admin")
# Public and exempt from rate limits.
INFRASTRUCTURE = Policy(Access.PUBLIC, rate_limited=False)
# BlockUser / UnblockUser: signed in, 30 per minute per caller and per peer.
BLOCK_WRITES = Policy(Access.AUTHENTICATED, limit="30/minute")


def _rpcs(service: str, policy: Policy, *methods: str) -> dict[str, Policy]:
    return {f"{service}/{method}": policy for method in methods}


POLICIES = PolicyTable(
    {
        # Infrastructure: load balancers, /readyz, buf curl and grpcurl call these without credentials, and
        # never get RESOURCE_EXHAUSTED (a limited health check would take a healthy node out of rotation).
        "grpc.health.v1.Health/*": INFRASTRUCTURE,
        "grpc.reflection.v1alpha.ServerReflection/*": INFRASTRUCTURE,
        # Signing in cannot require being signed in; tokens in the request are the credential.
        **_rpcs(
            "skillsphere.auth.v1.AuthService",
            PUBLIC,
            "Register",
            "Login",
            "RefreshToken",
            "ValidateToken",
            "StartOAuthLogin",
            "OAuthLogin",
            "RequestPasswordReset",
            "ResetPassword",
            "VerifyEmail",
        ),
        # Public profiles and the catalog are browsable before signing up; visibility is the service's job.
        **_rpcs(
            "skillsphere.user.v1.UserService",
            PUBLIC,
            "GetUser",
            "BatchGetUsers",
            "ListUsers",
            "GetUserStats",
            "GetAvailability",
            "ListUserRatings",
        ),
        **_rpcs("skillsphere.user.v1.UserService", ADMIN, "VerifyUser"),
        # Blocks are the caller's own; placing and lifting them has its own limit (a block is cheap to
        # repeat but each one invalidates two members' caches on every replica). SKILLSPHERE_RATE_LIMITS wins.
        **_rpcs("skillsphere.user.v1.UserService", BLOCK_WRITES, "BlockUser", "UnblockUser"),
        **_rpcs("skillsphere.user.v1.UserService", AUTHENTICATED, "ListBlockedUsers"),
        **_rpcs(
            "skillsphere.skill.v1.SkillService",
            PUBLIC,
            "GetSkill",
            "ListSkills",
            "ListCategories",
            "GetCategory",
            "ListTags",
            "ListUserSkills",
            "GetTrendingSkills",
            "SearchSkills",
            "SuggestSkills",
            "GetRelatedSkills",
        ),
        **_rpcs(
            "skillsphere.skill.v1.SkillService",
            ADMIN,
            "CreateSkill",
            "UpdateSkill",
            "DeleteSkill",
            "ApproveSkill",
            "RejectSkill",
        ),
        **_rpcs(
            "skillsphere.search.v1.SearchService",
            PUBLIC,
            "SearchUsers",
            "SearchSkills",
            "TrendingSkills",
            "FeaturedUsers",
            "Suggestions",
            "AdvancedSearch",
        ),
        **_rpcs("skillsphere.payment.v1.PaymentService", PUBLIC, "ListSubscriptionPlans"),
        # Subscription billing: signed-in members; the service checks subscriber / invoiced member / admin.
        **_rpcs(
            "skillsphere.payment.v1.PaymentService",
            AUTHENTICATED,
            "ResumeSubscription",
            "UpdateSubscriptionCard",
            "ChangeSubscriptionPlan",
            "GetInvoice",
            "ListInvoices",
        ),
        # AIService: raw skill vectors are for admins; everything else is the signed-in member's own (the
        # service checks self/admin/participant), under the default rate limit plus the per-member daily
        # budgets kept in the database (docs/ai.md), which hold across replicas.
        **_rpcs("skillsphere.ai.v1.AIService", ADMIN, "GenerateSkillEmbedding"),
        **_rpcs(
            "skillsphere.ai.v1.AIService",
            AUTHENTICATED,
            "GenerateUserEmbedding",
            "GetSkillRecommendations",
            "GenerateLearningPath",
            "GetSessionAdvice",
            "AnalyzeSkillGap",
            "AskAssistant",
            "ListAssistantConversations",
            "GetAssistantConversation",
            "DeleteAssistantConversation",
            "GetAIBudget",
        ),
        **_rpcs("skillsphere.gig.v1.GigService", PUBLIC, "GetGig", "SearchGigs"),
        **_rpcs("skillsphere.workshop.v1.WorkshopService", PUBLIC, "GetWorkshop", "ListWorkshops"),
        **_rpcs(
            "skillsphere.certification.v1.CertificationService",
            PUBLIC,
            "GetCertification",
            "VerifyCertification",
            "ListCertifications",
        ),
        **_rpcs(
            "skillsphere.challenge.v1.ChallengeService",
            PUBLIC,
            "GetChallenge",
            "ListChallenges",
            "ListChallengeEntries",
            "GetLeaderboard",
            "StreamLeaderboard",
            "GetTrendingChallenges",
        ),
        **_rpcs(
            "skillsphere.analytics.v1.AnalyticsService",
            ADMIN,
            "GetPlatformStats",
            "GetRevenueMetrics",
            "GetEngagementMetrics",
        ),
        # The moderation queue of chat; moderators read reported conversations through AdminService.
        **_rpcs("skillsphere.chat.v1.ChatService", ADMIN, "ListMessageReports"),
        # Moderation is for admins only, every RPC of it.
        "skillsphere.admin.v1.AdminService/*": ADMIN,
    }
)
