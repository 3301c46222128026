"use client";

import { createContext, useContext } from "react";

const SessionEmailContext = createContext<string | null>(null);

/**
 * The email of the session a page was rendered for. When that session ends under an open form
 * (timed out, or signed out in another tab) the server no longer knows who it was; the page
 * still does, so "Sign in again" can keep the email.
 */
export function SessionEmailProvider({ email, children }: { email: string; children: React.ReactNode }) {
  return <SessionEmailContext.Provider value={email}>{children}</SessionEmailContext.Provider>;
}

export function useSessionEmail(): string | null {
  return useContext(SessionEmailContext);
}
