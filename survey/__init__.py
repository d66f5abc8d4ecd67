"""The public survey: questions, drafts, responses, answers, moderation and theming."""
