import { lazy, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { act, render, screen } from '@testing-library/react';
import { useRenderStartedAsync } from './useRenderStartedAsync';

function Probe(props: { fn: () => Promise<string> }) {
  const state = useRenderStartedAsync(props.fn, [props.fn]);
  return <span>{state.loading ? 'loading' : state.value ?? 'failed'}</span>;
}

describe('useRenderStartedAsync', () => {
  it('starts the request while rendering, before any effect runs', () => {
    // A server render runs no effects: plain useAsync would not call fn here.
    const fn = jest.fn(() => Promise.resolve('answer'));
    expect(renderToString(<Probe fn={fn} />)).toContain('loading');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('starts it while a sibling still holds the Suspense boundary back', async () => {
    const fn = jest.fn(() => Promise.resolve('answer'));
    let release: (m: { default: () => JSX.Element }) => void = () => {};
    const Slow = lazy(
      () =>
        new Promise<{ default: () => JSX.Element }>(r => {
          release = r;
        }),
    );
    render(
      <Suspense fallback={<span>waiting</span>}>
        <Probe fn={fn} />
        <Slow />
      </Suspense>,
    );
    expect(screen.getByText('waiting')).toBeInTheDocument();
    expect(fn).toHaveBeenCalled();
    await act(async () => release({ default: () => <span>slow</span> }));
    expect(await screen.findByText('answer')).toBeInTheDocument();
  });

  it('reports a rejection through its state, with no unhandled rejection', async () => {
    const fn = () => Promise.reject(new Error('no'));
    render(<Probe fn={fn} />);
    expect(await screen.findByText('failed')).toBeInTheDocument();
  });
});
