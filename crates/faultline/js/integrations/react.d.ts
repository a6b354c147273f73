import { Component, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import type { Scope } from '../faultline.js';

/** What a `fallback` function gets. */
export interface FallbackProps {
  /** The value a child threw. */
  error: unknown;
  /** React's component stack at the throw. */
  componentStack: string;
  /** The captured event's id (`""` when it was dropped). */
  eventId: string;
  /** Renders the children again. */
  resetError(): void;
}

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  children?: ReactNode;
  /** Shown instead of the children after an error: a node, or a function of what was caught. */
  fallback?: ReactNode | ((props: FallbackProps) => ReactNode);
  /** Called after the error is captured. */
  onError?(error: unknown, componentStack: string, eventId: string): void;
  /** Called when the boundary resets (by `resetError` or a change in `resetKeys`). */
  onReset?(error: unknown, componentStack: string | null, eventId: string | null): void;
  /** Changing any of these (compared with `Object.is`) after an error resets the boundary. */
  resetKeys?: readonly unknown[];
  /** Tags for the captured event. */
  tags?: Record<string, string | number | boolean>;
  /** Changes the scope of the captured event, before it is captured. */
  beforeCapture?(scope: Scope, error: unknown, componentStack: string): void;
}

/** State of {@link ErrorBoundary}. */
export interface ErrorBoundaryState {
  error: unknown;
  componentStack: string | null;
  eventId: string | null;
}

/** Captures render errors of its children with `contexts.react.componentStack`, then shows `fallback`. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState>;
  componentDidCatch(error: unknown, errorInfo: ErrorInfo): void;
  /** Renders the children again (and calls `onReset`). */
  resetError(): void;
  render(): ReactNode;
}

/** `component` wrapped in an {@link ErrorBoundary} with `options` as its props. */
export function withErrorBoundary<P extends object>(
  component: ComponentType<P>,
  options?: Omit<ErrorBoundaryProps, 'children'>,
): ComponentType<P>;

/** What React 19 passes to the root error options. */
export interface ReactErrorInfo {
  componentStack?: string | null;
  errorBoundary?: Component<unknown> | null;
}

/** A handler for `createRoot`'s `onCaughtError`, `onUncaughtError` or `onRecoverableError`. */
export function reactErrorHandler(
  callback?: (error: unknown, errorInfo: ReactErrorInfo) => void,
): (error: unknown, errorInfo: ReactErrorInfo) => void;
