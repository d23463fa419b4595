// Catches a view that fails to render (or whose lazy chunk fails to load) so the shell stays usable and
// the reader sees what happened, with a way to try again.
import { Component, type ReactNode } from 'react';
import { ErrorState } from '../components/query-status.tsx';

interface Props {
  /** Changing the key (the view) clears a previous error. */
  resetKey: string;
  children: ReactNode;
}

export class ViewErrorBoundary extends Component<Props, { error: unknown; key: string }> {
  override state = { error: null as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    if (this.state.error)
      return (
        <ErrorState height={240} error={this.state.error} onRetry={() => this.setState({ error: null })} />
      );
    return this.props.children;
  }
}
