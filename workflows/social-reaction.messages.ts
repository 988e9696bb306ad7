/**
 * Messages of a social-media reaction case (issue 13, section 3): one process per post. Defined
 * once, imported by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SocialCaseState } from '../domain/social-case';

/** The case as it stands (the post's text and author included: read by the social-media team, supervisors and auditors). */
export const socialCaseStateQuery = defineQuery<SocialCaseState>('socialCaseState');

/**
 * A person in charge acknowledges the reputation-risk alert: the chain stops escalating.
 * Refused (`SOCIAL_CASE_NOT_ESCALATING`) when the case has no escalation; a repeat after an
 * acknowledgement answers the case as it stands.
 */
export const acknowledgeSocialCaseUpdate = defineUpdate<SocialCaseState, [{ by: string }]>('acknowledgeSocialCase');
