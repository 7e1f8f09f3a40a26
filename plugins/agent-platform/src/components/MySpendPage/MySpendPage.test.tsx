import { screen } from '@testing-library/react';
import { MySpendPage } from './MySpendPage';
import {
  emptySpendReport,
  fakeApi,
  makeSpendReport,
} from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

describe('MySpendPage', () => {
  it("shows the signed-in user's own spend, asked for without naming anyone", async () => {
    const report = makeSpendReport({
      days: 30,
      entityRef: 'user:default/jonas.berg',
    });
    const api = fakeApi({ getMySpend: async () => report });
    renderOnEntity(<MySpendPage />, { api });
    expect(await screen.findByText('Model mix')).toBeInTheDocument();
    expect(screen.getAllByText('$465.00').length).toBeGreaterThan(0);
    expect(api.getMySpend).toHaveBeenCalledTimes(1);
    expect(api.getEntitySpend).not.toHaveBeenCalled();
  });

  it('says so when nothing was recorded for the user', async () => {
    const api = fakeApi({ getMySpend: async () => emptySpendReport });
    renderOnEntity(<MySpendPage />, { api });
    expect(
      await screen.findByText('No usage recorded for you'),
    ).toBeInTheDocument();
  });
});
