"""政务信息发布: news, notices, policy documents and their interpretations, published
by departments or the city. docs/notices.md gives the rules."""
