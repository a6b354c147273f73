// React integration (`faultline/react`): an error boundary that captures render errors with
// React's component stack, and handlers for React 19's root error options. React is a peer
// dependency imported only here, so apps without React never load this module.
import { Component, createElement } from 'react';
import { captureException, withScope } from '../faultline.js';

/** The context an event from React gets: `contexts.react.componentStack`. */
function reactHint(componentStack, tags) {
  const hint = { contexts: { react: { componentStack: componentStack || '' } } };
  if (tags && typeof tags === 'object') hint.tags = tags;
  return hint;
}

const INITIAL = { error: null, componentStack: null, eventId: null };

/**
 * Renders `fallback` instead of its children once one of them throws while rendering, and
 * captures the error once, with the component stack in `contexts.react`. `resetError()`
 * (given to a `fallback` function) or a change in `resetKeys` renders the children again.
 */
export class ErrorBoundary extends Component {
  constructor(props) {
    super(props);
    this.state = INITIAL;
    this.resetError = this.resetError.bind(this);
  }

  static getDerivedStateFromError(error) {
    return { error };
  }

  componentDidCatch(error, errorInfo) {
    const componentStack = (errorInfo && errorInfo.componentStack) || '';
    const { beforeCapture, onError, tags } = this.props;
    let eventId = '';
    withScope((scope) => {
      if (typeof beforeCapture === 'function') beforeCapture(scope, error, componentStack);
      eventId = captureException(error, reactHint(componentStack, tags));
    });
    if (typeof onError === 'function') onError(error, componentStack, eventId);
    this.setState({ componentStack, eventId });
  }

  componentDidUpdate(previous) {
    if (this.state.error === null) return;
    const before = previous.resetKeys || [];
    const now = this.props.resetKeys || [];
    if (before.length !== now.length || now.some((key, i) => !Object.is(key, before[i]))) this.resetError();
  }

  /** Renders the children again (and calls `onReset` with what was caught). */
  resetError() {
    const { error, componentStack, eventId } = this.state;
    if (typeof this.props.onReset === 'function') this.props.onReset(error, componentStack, eventId);
    this.setState(INITIAL);
  }

  render() {
    const { error, componentStack, eventId } = this.state;
    if (error === null) return this.props.children;
    const { fallback } = this.props;
    if (typeof fallback === 'function') {
      return fallback({
        error,
        componentStack: componentStack || '',
        eventId: eventId || '',
        resetError: this.resetError,
      });
    }
    return fallback === undefined ? null : fallback;
  }
}

/**
 * Wraps `component` in an {@link ErrorBoundary} with `options` as its props (as
 * `@sentry/react`'s `withErrorBoundary` does).
 */
export function withErrorBoundary(component, options) {
  const Wrapped = (props) => createElement(ErrorBoundary, options || {}, createElement(component, props));
  Wrapped.displayName = `ErrorBoundary(${component.displayName || component.name || 'Component'})`;
  return Wrapped;
}

/**
 * A handler for React 19's root options `onCaughtError`, `onUncaughtError` and
 * `onRecoverableError`: captures the error with its component stack, then calls `callback`.
 * Errors an {@link ErrorBoundary} of this module caught are left to it (captured once).
 */
export function reactErrorHandler(callback) {
  return (error, errorInfo) => {
    const info = errorInfo || {};
    if (!(info.errorBoundary instanceof ErrorBoundary)) {
      captureException(error, reactHint(info.componentStack));
    }
    if (typeof callback === 'function') callback(error, info);
  };
}
